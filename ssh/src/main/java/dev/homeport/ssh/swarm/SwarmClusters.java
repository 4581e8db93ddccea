package dev.homeport.ssh.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.SwarmDispatcherConfig;
import com.github.dockerjava.api.model.SwarmInfo;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeRole;
import com.github.dockerjava.api.model.SwarmSpec;
import com.github.dockerjava.api.model.TaskState;
import dev.homeport.model.ClusterEngine;
import dev.homeport.model.EnvironmentCluster;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.inventory.Ref;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.proxy.ProxyException;
import dev.homeport.ssh.transport.NodeException;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.Prompts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Worker Nodes of an environment as one Docker Swarm cluster. Attaching a second node
 * makes the environment's nodes one cluster (or joins the swarm its node already manages);
 * each later node joins it. Detaching drains a node first, so its replicas move before it
 * leaves. Swarm does the scheduling; Homeport only changes membership, roles and
 * availability, over each node's own Docker API (through its SSH connection), so no join
 * token ever reaches a command line.
 *
 * <p>Every call blocks: the CLI calls it on its own thread, the desktop through its tasks.
 * A wait can be cancelled by interrupting the thread.
 */
public final class SwarmClusters {
    /** Swarm's port for joining and managing a cluster. */
    static final int MANAGEMENT_PORT = 2377;
    private static final Duration MEMBER_WAIT = Duration.ofSeconds(60);
    /**
     * How often members report to the managers; a node is marked down after a few missed beats.
     * Swarm's default is 5 s; at 2 s, the replicas of a node that died ran again elsewhere after
     * about 17 s instead of 25 s on the rig, for a few small messages a second more.
     */
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** How long a detach waits, unless told otherwise, for Swarm to move a drained node's replicas. */
    public static final int DEFAULT_DRAIN_SECONDS = 120;
    private static final Duration POLL = Duration.ofMillis(500);

    private final Inventory inventory;
    private final NodeInventory nodes;
    private final NodeService nodeService;
    private final NodeClients clients;

    public SwarmClusters(Inventory inventory, NodeInventory nodes, NodeService nodeService, NodeClients clients) {
        this.inventory = inventory;
        this.nodes = nodes;
        this.nodeService = nodeService;
        this.clients = clients;
    }

    /** What a node's own Docker says of its place in a swarm. */
    /** {@code madeNow}: this attach made the swarm, so a failure later in it takes the swarm away again. */
    record Membership(WorkerNode node, LocalNodeState state, String swarmNodeId, boolean manager, String address, boolean madeNow) {
        Membership(WorkerNode node, LocalNodeState state, String swarmNodeId, boolean manager, String address) {
            this(node, state, swarmNodeId, manager, address, false);
        }

        boolean inactive() {
            return state == null || state == LocalNodeState.INACTIVE || state == LocalNodeState.EMPTY;
        }

        Membership asMadeNow() {
            return new Membership(node, state, swarmNodeId, manager, address, true);
        }
    }

    /**
     * Attaches {@code node} to the environment. The first node is only recorded: one node runs
     * its services as containers. A second node makes the environment a cluster; every node
     * after that joins it. {@code advertiseAddress} is the address the node gives the other
     * members; null finds it (see {@link AdvertiseAddress}). Nothing is recorded unless the
     * node is a member at the end.
     */
    public void attach(long environmentId, WorkerNode node, String advertiseAddress, Prompts prompts, Consumer<String> progress) {
        String environment = environmentPath(environmentId);
        List<WorkerNode> attached = nodes.attachedTo(environmentId);
        if (attached.stream().anyMatch(n -> n.id() == node.id())) {
            throw new ClusterException("Node '" + node.name() + "' is already attached to " + environment + ".");
        }
        Optional<EnvironmentCluster> cluster = nodes.cluster(environmentId);
        if (attached.isEmpty() && cluster.isEmpty()) {
            nodes.attach(node.id(), environmentId);
            progress.accept("Attached node '" + node.name() + "' to environment '" + environment + "'.");
            return;
        }
        // Every node answers before anything changes, the new one too.
        reach(environment, node, prompts);
        Membership manager = cluster.isPresent() ? reachableManager(environment, attached, prompts)
                : formOn(environment, attached, prompts, progress);
        boolean madeHere = cluster.isEmpty() && manager.madeNow();
        List<WorkerNode> joined = new ArrayList<>();
        String clusterId;
        try {
            clusterId = docker(manager.node(), prompts).inspectSwarmCmd().exec().getId();
            if (cluster.isPresent() && !cluster.get().clusterId().equals(clusterId)) {
                throw new ClusterException(environment + " was formed as Swarm cluster " + cluster.get().clusterId() + ", but its node "
                        + manager.node().name() + " now manages cluster " + clusterId + ". Nothing was changed.");
            }
            for (WorkerNode member : attached) {
                if (ensureMember(environment, member, manager, null, prompts, progress)) {
                    joined.add(member);
                }
            }
            ensureMember(environment, node, manager, advertiseAddress, prompts, progress);
        } catch (RuntimeException e) {
            if (madeHere) {
                // The new node too: a join that timed out goes on trying in the background.
                joined.add(node);
                undoNewCluster(manager, joined, prompts, progress);
            }
            throw e;
        }
        List<WorkerNode> all = new ArrayList<>(attached);
        all.add(node);
        balanceManagers(manager, all, prompts, progress);
        nodes.attach(node.id(), new EnvironmentCluster(environmentId, ClusterEngine.SWARM, clusterId));
        progress.accept("Attached node '" + node.name() + "' to environment '" + environment + "': " + all.size()
                + " nodes in Swarm cluster " + shortId(clusterId) + ".");
    }

    /**
     * Attaches a node without making a cluster: each deploy then runs on one node it names. Refused
     * for an environment that is a cluster already, whose nodes are all members.
     */
    public void attachAlone(long environmentId, WorkerNode node, Consumer<String> progress) {
        String environment = environmentPath(environmentId);
        if (nodes.cluster(environmentId).isPresent()) {
            throw new ClusterException(environment + " is a Swarm cluster: every node attached to it joins the cluster."
                    + " Attach " + node.name() + " without --no-cluster.");
        }
        nodes.attach(node.id(), environmentId);
        progress.accept("Attached node '" + node.name() + "' to environment '" + environment + "'.");
    }

    /**
     * Detaches {@code node} from the environment. In a cluster, the node is drained first and
     * Homeport waits until Swarm has moved its replicas (at most {@code drainTimeout}); then it
     * leaves the swarm and is removed from the member list, and the managers are balanced again.
     * If its replicas do not move in time, the node is made active again and stays attached.
     * The last node of a cluster ends the cluster.
     */
    public void detach(long environmentId, WorkerNode node, Duration drainTimeout, Prompts prompts, Consumer<String> progress)
            throws InterruptedException {
        String environment = environmentPath(environmentId);
        List<WorkerNode> attached = nodes.attachedTo(environmentId);
        if (attached.stream().noneMatch(n -> n.id() == node.id())) {
            throw new ClusterException("Node '" + node.name() + "' is not attached to environment '" + environment + "'.");
        }
        Optional<EnvironmentCluster> cluster = nodes.cluster(environmentId);
        if (cluster.isEmpty()) {
            nodes.detach(node.id(), environmentId);
            progress.accept("Detached node '" + node.name() + "' from environment '" + environment + "'."
                    + " Containers already running on it keep running.");
            return;
        }
        List<String> sharing = otherClusterEnvironments(node, environmentId, cluster.get().clusterId());
        if (!sharing.isEmpty()) {
            throw new ClusterException(node.name() + " also serves " + String.join(", ", sharing) + " in the same Swarm cluster;"
                    + " detaching it from one environment only is not built yet. Nothing was changed.");
        }
        List<WorkerNode> staying = attached.stream().filter(n -> n.id() != node.id()).toList();
        if (staying.isEmpty()) {
            endCluster(environmentId, environment, node, prompts, progress);
            return;
        }
        Membership leaving = membershipOrNull(node, prompts);
        Membership manager = reachableManager(environment, staying, prompts);
        DockerClient managerDocker = docker(manager.node(), prompts);
        SwarmNode member = Members.of(managerDocker, node, leaving).orElse(null);
        if (member == null) {
            nodes.detach(node.id(), environmentId);
            progress.accept(node.name() + " was no longer a member of the cluster; detached it from " + environment + ".");
            return;
        }
        if (member.getSpec().getRole() == SwarmNodeRole.MANAGER) {
            // Another manager first, so the cluster never loses its only one; then this one steps down.
            promoteAnother(managerDocker, member.getId(), prompts, progress);
            Members.setRole(managerDocker, member.getId(), SwarmNodeRole.MANAGER, SwarmNodeRole.WORKER);
            progress.accept(node.name() + " is no longer a manager.");
        }
        drain(managerDocker, node, member.getId(), drainTimeout, progress);
        if (leaving != null) {
            try {
                docker(node, prompts).leaveSwarmCmd().withForceEnabled(false).exec();
                progress.accept(node.name() + " left the swarm.");
            } catch (RuntimeException e) {
                progress.accept(node.name() + " could not leave the swarm itself (" + e.getMessage() + "); removing it from the cluster's list.");
            }
        } else {
            progress.accept(node.name() + " cannot be reached; removing it from the cluster's list. Run 'docker swarm leave' on it when it is back.");
        }
        // Recorded first: from here the node is out of the cluster, even if the wait below is cancelled.
        nodes.detach(node.id(), environmentId);
        Members.remove(managerDocker, member.getId());
        balanceManagers(manager, staying, prompts, progress);
        progress.accept("Detached node '" + node.name() + "' from environment '" + environment + "': " + staying.size()
                + " node(s) left in the cluster.");
    }

    /**
     * A manager of the environment's cluster that answers now, where a deploy sends its Swarm service changes.
     * Throws {@link ClusterException} when none does.
     */
    public WorkerNode manager(long environmentId, Prompts prompts) {
        return reachableManager(environmentPath(environmentId), nodes.attachedTo(environmentId), prompts).node();
    }

    /**
     * The PEM of the root of the cluster's certificate authority, which signs its internal names on every node (see
     * {@link ClusterAuthority}), read from the first node that answers; empty while no deploy of a service with a domain
     * has made it. Throws {@link ClusterException} when the environment is no cluster, or no node answers.
     */
    public Optional<String> rootCertificate(long environmentId, Prompts prompts) {
        String environment = environmentPath(environmentId);
        if (nodes.cluster(environmentId).isEmpty()) {
            throw new ClusterException(environment + " is no cluster: its node signs internal names with its own Caddy's CA"
                    + " (GET /pki/ca/local of its Caddy, see the proxy guide).");
        }
        List<String> unreached = new ArrayList<>();
        for (WorkerNode node : nodes.attachedTo(environmentId)) {
            try (CaddyAdmin admin = CaddyAdmin.over(connection(node, prompts))) {
                CaddyRoutes routes = new CaddyRoutes(admin);
                return routes.sharedAuthority().map(authority -> routes.rootCertificate(authority.id()));
            } catch (NodeException | ProxyException e) {
                unreached.add(node.name() + ": " + firstLine(e.getMessage()));
            }
        }
        throw new ClusterException("No node of " + environment + " answered: " + String.join("; ", unreached));
    }

    /**
     * The environment's cluster as a reachable manager reports it, with the replicas of Homeport's services
     * on each member (those of every environment that shares the cluster); empty when the environment is not a cluster.
     */
    public Optional<ClusterView> view(long environmentId, Prompts prompts) {
        Optional<EnvironmentCluster> cluster = nodes.cluster(environmentId);
        if (cluster.isEmpty()) {
            return Optional.empty();
        }
        String environment = environmentPath(environmentId);
        List<WorkerNode> attached = nodes.attachedTo(environmentId);
        List<String> problems = new ArrayList<>();
        List<SwarmMember> members = new ArrayList<>();
        ReplicaTally replicas = new ReplicaTally(Map.of(), 0);
        try {
            Membership manager = reachableManager(environment, attached, prompts);
            DockerClient managerDocker = docker(manager.node(), prompts);
            for (SwarmNode node : managerDocker.listSwarmNodesCmd().exec()) {
                members.add(SwarmMember.of(node));
            }
            try {
                replicas = ReplicaTally.of(managerDocker.listTasksCmd().exec());
            } catch (RuntimeException e) {
                problems.add("The replicas could not be read from " + manager.node().name() + ": " + firstLine(e.getMessage()));
            }
            for (WorkerNode node : attached) {
                if (members.stream().noneMatch(m -> node.name().equals(m.homeportNode()))) {
                    problems.add(node.name() + " is attached to " + environment + " but is not a member of its cluster.");
                }
            }
        } catch (ClusterException e) {
            problems.add(e.getMessage());
        }
        members.sort((a, b) -> String.valueOf(a.name()).compareTo(String.valueOf(b.name())));
        return Optional.of(new ClusterView(environment, cluster.get().engine().label(), cluster.get().clusterId(), members, problems,
                replicas.byMember(), replicas.unplaced()));
    }

    // ---------------------------------------------------------------- forming

    /** The manager of the cluster the environment's nodes become: a node that manages a swarm already, else a new one. */
    private Membership formOn(String environment, List<WorkerNode> attached, Prompts prompts, Consumer<String> progress) {
        List<Membership> found = attached.stream().map(node -> reach(environment, node, prompts)).toList();
        Optional<Membership> managing = found.stream().filter(m -> m.state() == LocalNodeState.ACTIVE && m.manager()).findFirst();
        if (managing.isPresent()) {
            progress.accept(managing.get().node().name() + " already manages a swarm: " + environment + " uses that cluster.");
            return managing.get();
        }
        Membership first = found.getFirst();
        if (!first.inactive()) {
            throw new ClusterException(first.node().name() + " is a worker in a swarm that no node of " + environment
                    + " manages (its state: " + stateName(first) + "). Attach one of that swarm's managers first, or run"
                    + " 'docker swarm leave' on " + first.node().name() + ". Nothing was changed.");
        }
        String address = AdvertiseAddress.ofSession(connection(first.node(), prompts));
        progress.accept("Making " + first.node().name() + " the first manager of a new Swarm cluster, at " + address + ".");
        docker(first.node(), prompts).initializeSwarmCmd(new SwarmSpec().withDispatcher(new SwarmDispatcherConfig()
                        .withHeartbeatPeriod(HEARTBEAT.toNanos())))
                .withAdvertiseAddr(address)
                .withListenAddr("0.0.0.0:" + MANAGEMENT_PORT)
                .exec();
        Membership made = membership(first.node(), prompts).asMadeNow();
        Members.label(docker(first.node(), prompts), made.swarmNodeId(), first.node().name());
        return made;
    }

    /** An attach that made a new swarm failed: the nodes it put in that swarm leave it, so nothing was changed after all. */
    private void undoNewCluster(Membership manager, List<WorkerNode> joined, Prompts prompts, Consumer<String> progress) {
        for (WorkerNode member : joined) {
            Membership membership = membershipOrNull(member, prompts);
            if (membership == null || membership.inactive()) {
                continue;
            }
            try {
                docker(member, prompts).leaveSwarmCmd().withForceEnabled(true).exec();
            } catch (RuntimeException e) {
                progress.accept(member.name() + " could not leave the swarm made for the attach: " + firstLine(e.getMessage()));
            }
        }
        try {
            docker(manager.node(), prompts).leaveSwarmCmd().withForceEnabled(true).exec();
            progress.accept("Took " + manager.node().name() + " out of the swarm made for the attach again.");
        } catch (RuntimeException e) {
            progress.accept(manager.node().name() + " could not leave the swarm made for the attach: " + firstLine(e.getMessage())
                    + ". Run 'docker swarm leave --force' on it.");
        }
    }

    /**
     * Makes the node a member of the manager's cluster: joins it if it is in no swarm, accepts it
     * if it is a member already, refuses if it is in another cluster. Labels it with its name.
     */
    /** True when it joined the node now; false when it was a member already. */
    private boolean ensureMember(String environment, WorkerNode node, Membership manager, String advertiseAddress, Prompts prompts,
                                 Consumer<String> progress) {
        DockerClient managerDocker = docker(manager.node(), prompts);
        Membership membership = reach(environment, node, prompts);
        Optional<SwarmNode> member = Members.of(managerDocker, node, membership);
        if (member.isPresent()) {
            Members.label(managerDocker, member.get().getId(), node.name());
            return false;
        }
        if (!membership.inactive()) {
            throw new ClusterException(node.name() + " is in another swarm (its state: " + stateName(membership) + "): a node can be in"
                    + " one cluster at a time, and the nodes of " + environment + " are all in one. Run 'docker swarm leave' on "
                    + node.name() + " first, if nothing else needs that swarm. Nothing was changed.");
        }
        String managerAddress = manager.address();
        String address = advertiseAddress != null ? advertiseAddress : AdvertiseAddress.towards(connection(node, prompts), managerAddress);
        progress.accept("Joining " + node.name() + " to the cluster at " + managerAddress + ", advertising " + address + ".");
        String token = managerDocker.inspectSwarmCmd().exec().getJoinTokens().getWorker();
        try {
            docker(node, prompts).joinSwarmCmd()
                    .withRemoteAddrs(List.of(AdvertiseAddress.withPort(managerAddress, MANAGEMENT_PORT)))
                    .withJoinToken(token)
                    .withAdvertiseAddr(address)
                    .withListenAddr("0.0.0.0:" + MANAGEMENT_PORT)
                    .exec();
        } catch (DockerException e) {
            throw new ClusterException(node.name() + " could not join the cluster at " + managerAddress + ": " + firstLine(e.getMessage())
                    + ". Check that the nodes reach each other on TCP " + MANAGEMENT_PORT + " and 7946, UDP 7946 and 4789"
                    + " (Swarm's ports), and that " + address + " is an address of " + node.name() + " the others can reach."
                    + " It was not attached.", e);
        }
        Membership joined = awaitReady(managerDocker, node, prompts);
        Members.label(managerDocker, joined.swarmNodeId(), node.name());
        progress.accept(node.name() + " joined as a worker.");
        return true;
    }

    private Membership awaitReady(DockerClient managerDocker, WorkerNode node, Prompts prompts) {
        long deadline = System.nanoTime() + MEMBER_WAIT.toNanos();
        while (true) {
            Membership membership = membership(node, prompts);
            if (membership.state() == LocalNodeState.ACTIVE && Members.of(managerDocker, node, membership)
                    .filter(member -> SwarmMember.of(member).ready()).isPresent()) {
                return membership;
            }
            if (System.nanoTime() > deadline) {
                throw new ClusterException(node.name() + " did not become a ready member within " + MEMBER_WAIT.toSeconds()
                        + " s (its state: " + stateName(membership) + "). It was not attached; 'docker node ls' on a manager shows why.");
            }
            pause();
        }
    }

    /** Promotes or demotes members so the cluster has the managers {@link ManagerPlan} asks for. */
    private void balanceManagers(Membership manager, List<WorkerNode> members, Prompts prompts, Consumer<String> progress) {
        DockerClient managerDocker = docker(manager.node(), prompts);
        Map<String, SwarmNode> byId = new HashMap<>();
        List<SwarmMember> ordered = new ArrayList<>();
        List<SwarmNode> listed = managerDocker.listSwarmNodesCmd().exec();
        for (WorkerNode node : members) {
            listed.stream().filter(n -> node.name().equals(SwarmMember.of(n).homeportNode())).findFirst().ifPresent(n -> {
                byId.put(n.getId(), n);
                ordered.add(SwarmMember.of(n));
            });
        }
        ManagerPlan plan = ManagerPlan.of(ordered);
        for (String id : plan.promote()) {
            Members.setRole(managerDocker, id, SwarmNodeRole.WORKER, SwarmNodeRole.MANAGER);
            progress.accept(SwarmMember.of(byId.get(id)).name() + " is now a manager.");
        }
        for (String id : plan.demote()) {
            Members.setRole(managerDocker, id, SwarmNodeRole.MANAGER, SwarmNodeRole.WORKER);
            progress.accept(SwarmMember.of(byId.get(id)).name() + " is now a worker.");
        }
        if (!plan.nothing()) {
            progress.accept(ManagerPlan.managersFor(ordered.size()) + " manager(s) for " + ordered.size() + " node(s); see docs/clusters.md for why.");
        }
    }

    private void promoteAnother(DockerClient managerDocker, String leavingId, Prompts prompts, Consumer<String> progress) {
        List<SwarmNode> listed = managerDocker.listSwarmNodesCmd().exec();
        boolean otherManager = listed.stream().anyMatch(n -> !n.getId().equals(leavingId) && SwarmMember.of(n).manager()
                && SwarmMember.of(n).reachable());
        if (otherManager) {
            return;
        }
        SwarmNode next = listed.stream().filter(n -> !n.getId().equals(leavingId) && SwarmMember.of(n).ready()).findFirst()
                .orElseThrow(() -> new ClusterException("No other ready member can take over as manager. Nothing was changed."));
        Members.setRole(managerDocker, next.getId(), SwarmNodeRole.WORKER, SwarmNodeRole.MANAGER);
        progress.accept(SwarmMember.of(next).name() + " is now a manager.");
    }

    // ---------------------------------------------------------------- leaving

    /**
     * Drains the node and waits until no task of any service runs on it. On a timeout or an
     * interrupt the node is made active again, so nothing is left half-done.
     */
    private void drain(DockerClient managerDocker, WorkerNode node, String memberId, Duration timeout, Consumer<String> progress)
            throws InterruptedException {
        Members.setAvailability(managerDocker, memberId, SwarmNodeAvailability.DRAIN);
        progress.accept("Draining " + node.name() + ": Swarm moves its replicas to the other nodes.");
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean drained = false;
        try {
            while (true) {
                int running = managerDocker.listTasksCmd().withNodeFilter(memberId).withStateFilter(TaskState.RUNNING).exec().size();
                if (running == 0) {
                    drained = true;
                    progress.accept(node.name() + " runs no replica any more.");
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new ClusterException(node.name() + " still runs " + running + " replica(s) after " + timeout.toSeconds()
                            + " s of draining: the other nodes may lack room, or a service is pinned to it. It was made active"
                            + " again and stays attached.");
                }
                Thread.sleep(POLL);
            }
        } finally {
            if (!drained) {
                Members.setAvailability(managerDocker, memberId, SwarmNodeAvailability.ACTIVE);
            }
        }
    }

    /** The last node leaves: the swarm ends with it, and the environment is no cluster any more. */
    private void endCluster(long environmentId, String environment, WorkerNode node, Prompts prompts, Consumer<String> progress) {
        Membership membership = membershipOrNull(node, prompts);
        if (membership != null && !membership.inactive()) {
            docker(node, prompts).leaveSwarmCmd().withForceEnabled(true).exec();
            progress.accept(node.name() + " left the swarm; it was the cluster's last node, so the cluster ended.");
        }
        nodes.detach(node.id(), environmentId);
        nodes.endCluster(environmentId);
        progress.accept("Detached node '" + node.name() + "' from environment '" + environment + "', which has no nodes now.");
    }

    // ---------------------------------------------------------------- reading

    private Membership reachableManager(String environment, List<WorkerNode> candidates, Prompts prompts) {
        List<String> tried = new ArrayList<>();
        for (WorkerNode node : candidates) {
            Membership membership;
            try {
                membership = membership(node, prompts);
            } catch (RuntimeException unreachable) {
                tried.add(node.name() + " (" + firstLine(unreachable.getMessage()) + ")");
                continue;
            }
            if (membership.state() == LocalNodeState.ACTIVE && membership.manager()) {
                return membership;
            } else {
                tried.add(node.name() + " (" + (membership.manager() ? "manager, " : "") + stateName(membership) + ")");
            }
        }
        throw new ClusterException("No manager of " + environment + "'s cluster answers: " + String.join(", ", tried)
                + ". A cluster needs most of its managers up to change; bring them back first.");
    }

    /** {@link #membership} for a change: a node that cannot be reached stops it, before anything changed. */
    private Membership reach(String environment, WorkerNode node, Prompts prompts) {
        try {
            return membership(node, prompts);
        } catch (ClusterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ClusterException("Cannot reach " + node.name() + " to make " + environment + "'s nodes one cluster: "
                    + firstLine(e.getMessage()) + " Nothing was changed.", e);
        }
    }

    private Membership membership(WorkerNode node, Prompts prompts) {
        SwarmInfo swarm = docker(node, prompts).infoCmd().exec().getSwarm();
        if (swarm == null) {
            return new Membership(node, LocalNodeState.INACTIVE, null, false, null);
        }
        return new Membership(node, swarm.getLocalNodeState(), emptyToNull(swarm.getNodeID()),
                Boolean.TRUE.equals(swarm.getControlAvailable()), emptyToNull(swarm.getNodeAddr()));
    }

    /** The node's membership, or null when its Docker cannot be reached (the node is down, or its link is). */
    private Membership membershipOrNull(WorkerNode node, Prompts prompts) {
        try {
            return membership(node, prompts);
        } catch (RuntimeException unreachable) {
            return null;
        }
    }

    private List<String> otherClusterEnvironments(WorkerNode node, long environmentId, String clusterId) {
        List<String> others = new ArrayList<>();
        for (long other : nodes.environmentIdsOf(node.id())) {
            if (other != environmentId && nodes.cluster(other).filter(c -> c.clusterId().equals(clusterId)).isPresent()) {
                others.add(environmentPath(other));
            }
        }
        return others;
    }

    // ---------------------------------------------------------------- plumbing

    private DockerClient docker(WorkerNode node, Prompts prompts) {
        return clients.docker(node, prompts).client();
    }

    private NodeConnection connection(WorkerNode node, Prompts prompts) {
        return nodeService.connection(node, prompts);
    }

    private String environmentPath(long environmentId) {
        return inventory.pathOf(new Ref(Level.ENVIRONMENT, environmentId)).toString();
    }

    private static String stateName(Membership membership) {
        return membership.state() == null ? "unknown" : membership.state().getValue();
    }

    static String shortId(String id) {
        return id == null || id.length() <= 12 ? id : id.substring(0, 12);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no reason given";
        }
        String line = text.strip().lines().findFirst().orElse("");
        return line.startsWith("Status ") && line.contains("\"message\":") ? line.substring(line.indexOf("\"message\":") + 11).replaceAll("\"}?$", "") : line;
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("Cancelled while waiting for the cluster.", e);
        }
    }
}
