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
 * carries the member's version, as Swarm requires, so a change made meanwhile by someone
 * else is refused rather than overwritten.
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
        labels.put(SwarmMember.NODE_LABEL, nodeName);
        update(managerDocker, member, spec.withLabels(labels));
    }

    /**
     * Changes the member's role, if it has role {@code from}. A promotion returns once the member has joined
     * the managers' Raft group: until then Swarm refuses to demote it again ("can't find manager in raft
     * memberlist"), and it does not count towards the majority yet.
     */
    static void setRole(DockerClient managerDocker, String memberId, SwarmNodeRole from, SwarmNodeRole to) {
        SwarmNode member = find(managerDocker, memberId);
        if (member.getSpec().getRole() == from) {
            update(managerDocker, member, member.getSpec().withRole(to));
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
        SwarmNode member = find(managerDocker, memberId);
        update(managerDocker, member, member.getSpec().withAvailability(availability));
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

    private static void update(DockerClient managerDocker, SwarmNode member, SwarmNodeSpec spec) {
        managerDocker.updateSwarmNodeCmd().withSwarmNodeId(member.getId()).withVersion(member.getVersion().getIndex())
                .withSwarmNodeSpec(spec).exec();
    }

    private static SwarmNode find(DockerClient managerDocker, String memberId) {
        return managerDocker.listSwarmNodesCmd().withIdFilter(List.of(memberId)).exec().stream()
                .filter(n -> n.getId().equals(memberId)).findFirst()
                .orElseThrow(() -> new ClusterException("The cluster has no member " + memberId + " any more."));
    }
}
