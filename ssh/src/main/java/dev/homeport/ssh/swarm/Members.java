package dev.homeport.ssh.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeRole;
import com.github.dockerjava.api.model.SwarmNodeSpec;
import dev.homeport.model.WorkerNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster's member list, read and changed through a manager's Docker API. Every change
 * carries the member's version, as Swarm requires; when the member changed meanwhile, the
 * change is applied again to the member as it is then, so nothing is overwritten.
 */
final class Members {
    private static final Duration REMOVE_WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PROMOTE_WAIT = Duration.ofSeconds(60);

    private Members() {
    }

    /** The member that is {@code node}: by its Swarm node ID when known, else by the node label Homeport gave it. */
    static Optional<SwarmNode> of(DockerClient managerDocker, WorkerNode node, SwarmClusters.Membership membership) {
        List<SwarmNode> listed = managerDocker.listSwarmNodesCmd().exec();
        if (membership != null && membership.swarmNodeId() != null) {
            Optional<SwarmNode> byId = listed.stream().filter(n -> n.getId().equals(membership.swarmNodeId())).findFirst();
            if (byId.isPresent()) {
                return byId;
            }
        }
        return listed.stream().filter(n -> node.name().equals(SwarmMember.of(n).homeportNode())).findFirst();
    }

    /** Names the member after its Worker Node (the label {@link SwarmMember#NODE_LABEL}), unless it is named so already. */
    static void label(DockerClient managerDocker, String memberId, String nodeName) {
        SwarmNode member = find(managerDocker, memberId);
        SwarmNodeSpec spec = member.getSpec();
        Map<String, String> labels = new HashMap<>(spec.getLabels() == null ? Map.of() : spec.getLabels());
        if (nodeName.equals(labels.get(SwarmMember.NODE_LABEL))) {
            return;
        }
        change(managerDocker, memberId, now -> {
            Map<String, String> named = new HashMap<>(now.getLabels() == null ? Map.of() : now.getLabels());
            named.put(SwarmMember.NODE_LABEL, nodeName);
            return now.withLabels(named);
        });
    }

    /**
     * Changes the member's role, if it has role {@code from}. A promotion returns once the member has joined
     * the managers' Raft group: until then Swarm refuses to demote it again ("can't find manager in raft
     * memberlist"), and it does not count towards the majority yet.
     */
    static void setRole(DockerClient managerDocker, String memberId, SwarmNodeRole from, SwarmNodeRole to) {
        SwarmNode member = find(managerDocker, memberId);
        if (member.getSpec().getRole() == from) {
            change(managerDocker, memberId, now -> now.withRole(to));
        }
        if (to == SwarmNodeRole.MANAGER) {
            awaitManager(managerDocker, memberId);
        }
    }

    private static void awaitManager(DockerClient managerDocker, String memberId) {
        long deadline = System.nanoTime() + PROMOTE_WAIT.toNanos();
        while (true) {
            SwarmNode member = find(managerDocker, memberId);
            if (member.getManagerStatus() != null && SwarmMember.of(member).reachable()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ClusterException(SwarmMember.of(member).name() + " was made a manager but did not join the managers within "
                        + PROMOTE_WAIT.toSeconds() + " s; 'docker node ls' on a manager shows its state.");
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("Cancelled while waiting for " + SwarmMember.of(member).name() + " to join the managers.", e);
            }
        }
    }

    static void setAvailability(DockerClient managerDocker, String memberId, SwarmNodeAvailability availability) {
        change(managerDocker, memberId, now -> now.withAvailability(availability));
    }

    /** Removes a member that left (or cannot be reached) from the list, once Swarm sees it down; by force after a minute. */
    static void remove(DockerClient managerDocker, String memberId) throws InterruptedException {
        long deadline = System.nanoTime() + REMOVE_WAIT.toNanos();
        while (true) {
            Optional<SwarmNode> member = managerDocker.listSwarmNodesCmd().exec().stream().filter(n -> n.getId().equals(memberId)).findFirst();
            if (member.isEmpty()) {
                return;
            }
            boolean down = !SwarmMember.of(member.get()).ready();
            if (down || System.nanoTime() > deadline) {
                managerDocker.removeSwarmNodeCmd(memberId).withForce(!down).exec();
                return;
            }
            Thread.sleep(POLL);
        }
    }

    /**
     * Applies {@code change} to the member's spec as it is now. Swarm refuses an update whose version is not the
     * member's latest ("update out of sequence"): Swarm itself changes a member as it joins or is promoted, and
     * another tool may too. The change is then applied again to the spec read anew, a few times, so nothing
     * that changed meanwhile is overwritten.
     */
    private static void change(DockerClient managerDocker, String memberId, java.util.function.UnaryOperator<SwarmNodeSpec> change) {
        for (int attempt = 1; ; attempt++) {
            SwarmNode member = find(managerDocker, memberId);
            try {
                managerDocker.updateSwarmNodeCmd().withSwarmNodeId(memberId).withVersion(member.getVersion().getIndex())
                        .withSwarmNodeSpec(change.apply(member.getSpec())).exec();
                return;
            } catch (com.github.dockerjava.api.exception.InternalServerErrorException e) {
                if (attempt >= 5 || !String.valueOf(e.getMessage()).contains("out of sequence")) {
                    throw e;
                }
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("Cancelled while changing " + SwarmMember.of(member).name() + ".", e);
            }
        }
    }

    private static SwarmNode find(DockerClient managerDocker, String memberId) {
        return managerDocker.listSwarmNodesCmd().withIdFilter(List.of(memberId)).exec().stream()
                .filter(n -> n.getId().equals(memberId)).findFirst()
                .orElseThrow(() -> new ClusterException("The cluster has no member " + memberId + " any more."));
    }
}
