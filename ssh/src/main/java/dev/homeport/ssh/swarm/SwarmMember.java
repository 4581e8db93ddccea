package dev.homeport.ssh.swarm;

import com.github.dockerjava.api.model.Reachability;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeRole;
import java.util.Locale;
import java.util.Map;

/**
 * One node as its Swarm cluster sees it. {@code homeportNode} is the name of the Worker Node
 * it is in this store, from the node label Homeport sets when it joins; null for a member that
 * Homeport did not add. {@code state} is Swarm's: ready, down, unknown or disconnected;
 * {@code availability}: active, pause or drain.
 */
public record SwarmMember(String id, String homeportNode, String hostname, String address, boolean manager, boolean leader,
                          boolean reachable, String state, String availability, String engineVersion) {
    /** The node label that names the Worker Node a member is, so placement and views can use Homeport's names. */
    public static final String NODE_LABEL = "dev.homeport.node";

    public static SwarmMember of(SwarmNode node) {
        var spec = node.getSpec();
        var description = node.getDescription();
        var status = node.getStatus();
        var managerStatus = node.getManagerStatus();
        Map<String, String> labels = spec == null || spec.getLabels() == null ? Map.of() : spec.getLabels();
        boolean manager = spec != null && spec.getRole() == SwarmNodeRole.MANAGER;
        return new SwarmMember(node.getId(), labels.get(NODE_LABEL),
                description == null ? null : description.getHostname(),
                status == null ? null : status.getAddress(),
                manager,
                managerStatus != null && managerStatus.isLeader(),
                managerStatus == null ? !manager : managerStatus.getReachability() == Reachability.REACHABLE,
                status == null || status.getState() == null ? "unknown" : status.getState().name().toLowerCase(Locale.ROOT),
                spec == null || spec.getAvailability() == null ? "unknown" : spec.getAvailability().name().toLowerCase(Locale.ROOT),
                description == null || description.getEngine() == null ? null : description.getEngine().getEngineVersion());
    }

    public boolean ready() {
        return "ready".equals(state);
    }

    /** What it does in the cluster, for people: "manager (leader)", "manager", "worker". */
    public String role() {
        return manager ? (leader ? "manager (leader)" : "manager") : "worker";
    }

    /** The name to show: the Worker Node's, else Swarm's host name. */
    public String name() {
        return homeportNode != null ? homeportNode : hostname;
    }
}
