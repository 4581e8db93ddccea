package dev.homeport.app.desktop.clusters;

import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.swarm.ClusterView;
import dev.homeport.ssh.swarm.Replicas;
import dev.homeport.ssh.swarm.SwarmMember;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of an environment's Nodes: an attached Worker Node, a member of its cluster, or both.
 * {@code node} is null for a member Homeport did not add; {@code member} is null outside a
 * cluster, and for an attached node its cluster does not list (or could not be read). {@code replicas}:
 * what the member runs of Homeport's services.
 */
record NodeRow(WorkerNode node, SwarmMember member, Replicas replicas) {
    NodeRow(WorkerNode node, SwarmMember member) {
        this(node, member, Replicas.NONE);
    }

    /** The rows of an environment: its cluster's members (matched to attached nodes by name), then attached nodes the cluster lacks. */
    static List<NodeRow> of(List<WorkerNode> attached, ClusterView view) {
        List<NodeRow> rows = new ArrayList<>();
        if (view != null) {
            for (SwarmMember member : view.members()) {
                rows.add(new NodeRow(attached.stream().filter(n -> n.name().equals(member.homeportNode())).findFirst().orElse(null), member,
                        view.replicasOn(member)));
            }
        }
        for (WorkerNode node : attached) {
            if (rows.stream().noneMatch(row -> row.node() != null && row.node().id() == node.id())) {
                rows.add(new NodeRow(node, null));
            }
        }
        return rows;
    }

    /** The Worker Node's name, with Swarm's host name where it differs: "n1 (node-1)". */
    String name() {
        if (member == null) {
            return node.name();
        }
        String name = member.name();
        return member.hostname() != null && !member.hostname().equals(name) ? name + " (" + member.hostname() + ")" : name;
    }

    String role() {
        return member == null ? "" : member.role();
    }

    /** Swarm's state of the member: ready, down, unknown, disconnected; "not a member" for an attached node its cluster lacks. */
    String state() {
        return member == null ? "not a member" : member.state();
    }

    /** active, pause or drain; empty outside a cluster. */
    String availability() {
        return member == null ? "" : member.availability();
    }

    /** "3", "1 (+2 starting)"; empty outside a cluster. */
    String replicaCount() {
        return member == null ? "" : replicas.describe();
    }

    String address() {
        return member != null && member.address() != null ? member.address() : node == null ? "" : node.address();
    }

    String engine() {
        return member == null || member.engineVersion() == null ? "" : "Docker " + member.engineVersion();
    }

    boolean down() {
        return member == null || !member.ready();
    }

    boolean draining() {
        return member != null && !"active".equals(member.availability());
    }
}
