package dev.homeport.app.desktop.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.NodeIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.swarm.ClusterView;
import dev.homeport.ssh.swarm.Replicas;
import dev.homeport.ssh.swarm.SwarmMember;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rows of an environment's Nodes section, and how a member's state and availability look. */
class NodeRowTest {
    private static final WorkerNode N1 = node(1, "n1", "10.78.0.11");
    private static final WorkerNode N2 = node(2, "n2", "10.78.0.12");
    private static final WorkerNode N3 = node(3, "n3", "10.78.0.13");

    @Test
    void membersComeFirstMatchedByNameThenAttachedNodesTheClusterLacks() {
        SwarmMember leader = member("n1", "node-1", "10.78.0.11", true, true, "ready", "active");
        SwarmMember stranger = member(null, "other-host", "10.78.0.20", false, false, "ready", "active");
        ClusterView view = new ClusterView("acme/shop/prod", "Docker Swarm", "abc", List.of(leader, stranger), List.of(),
                java.util.Map.of("id-node-1", new Replicas(2, 1)), 0);

        List<NodeRow> rows = NodeRow.of(List.of(N1, N3), view);

        assertThat(rows).extracting(NodeRow::name, NodeRow::role, NodeRow::state, NodeRow::address).containsExactly(
                org.assertj.core.groups.Tuple.tuple("n1 (node-1)", "manager (leader)", "ready", "10.78.0.11"),
                org.assertj.core.groups.Tuple.tuple("other-host", "worker", "ready", "10.78.0.20"),
                org.assertj.core.groups.Tuple.tuple("n3", "", "not a member", "homeport@10.78.0.13"));
        assertThat(rows.get(1).node()).as("a member Homeport did not add cannot be detached here").isNull();
        assertThat(rows.get(2).down()).isTrue();
        assertThat(rows).extracting(NodeRow::replicaCount).as("the replicas on each member; none outside the cluster")
                .containsExactly("2 (+1 starting)", "0", "");
    }

    @Test
    void aDownMemberAndADrainingOneLookApartFromReadyActiveOnes() {
        NodeRow ready = new NodeRow(N1, member("n1", "node-1", "10.78.0.11", true, true, "ready", "active"));
        NodeRow down = new NodeRow(N2, member("n2", "node-2", "10.78.0.12", false, false, "down", "active"));
        NodeRow draining = new NodeRow(N3, member("n3", "node-3", "10.78.0.13", false, false, "ready", "drain"));

        assertThat(List.of(ready, down, draining)).extracting(EnvironmentNodesPane::stateLook).containsExactly("live", "failed", "live");
        assertThat(List.of(ready, down, draining)).extracting(EnvironmentNodesPane::availabilityLook)
                .containsExactly("past", "past", "interrupted");
        assertThat(List.of(ready, down, draining)).extracting(NodeRow::down, NodeRow::draining).containsExactly(
                org.assertj.core.groups.Tuple.tuple(false, false),
                org.assertj.core.groups.Tuple.tuple(true, false),
                org.assertj.core.groups.Tuple.tuple(false, true));
    }

    @Test
    void theSummarySaysWhatOneNodeMeansAndWhatASecondDoes() {
        assertThat(EnvironmentNodesPane.summaryText(List.of(), null)).startsWith("No Worker Node is attached yet");
        assertThat(EnvironmentNodesPane.summaryText(List.of(N1), null)).isEqualTo("One node: the services of this environment run as"
                + " containers on n1. Attaching a second node makes the nodes one Docker Swarm cluster, so replicas can spread over them.");
        assertThat(EnvironmentNodesPane.summaryText(List.of(N1, N2), null)).startsWith("2 nodes, attached without a cluster");
        ClusterView view = new ClusterView("acme/shop/prod", "Docker Swarm", "lqv2xgx0gdom7s3k", List.of(
                member("n1", "node-1", "10.78.0.11", true, true, "ready", "active"),
                member("n2", "node-2", "10.78.0.12", false, false, "down", "active")), List.of());
        assertThat(EnvironmentNodesPane.summaryText(List.of(N1, N2), view))
                .startsWith("Docker Swarm cluster lqv2xgx0gdom: 2 node(s), 1 manager(s), 1 ready.");
    }

    private static WorkerNode node(long id, String name, String host) {
        return new WorkerNode(id, name, host, 22, "homeport", new NodeIdentity.KeyFile("/home/you/.ssh/id_ed25519"), null);
    }

    private static SwarmMember member(String node, String hostname, String address, boolean manager, boolean leader, String state,
                                      String availability) {
        return new SwarmMember("id-" + hostname, node, hostname, address, manager, leader, true, state, availability, "20.10.24");
    }
}
