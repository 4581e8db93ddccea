package dev.homeport.app.desktop.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.ssh.swarm.ClusterView;
import dev.homeport.ssh.swarm.SwarmMember;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which members went down or came back between two reads of a cluster. */
class MemberTransitionsTest {
    private final MemberTransitions transitions = new MemberTransitions();

    @Test
    void readyToDownAndBackAreChangesAndTheFirstReadIsNot() {
        List<MemberTransitions.Change> first = transitions.next(view("ready", "down"));
        List<MemberTransitions.Change> same = transitions.next(view("ready", "down"));
        List<MemberTransitions.Change> unknown = transitions.next(view("unknown", "down"));
        List<MemberTransitions.Change> changed = transitions.next(view("down", "ready"));

        assertThat(first).containsExactly(new MemberTransitions.Change("n1", false, true), new MemberTransitions.Change("n2", true, true));
        assertThat(first.get(1).notice(PROD, view("ready", "down"))).as("a member down from the first read is not news").isNull();
        assertThat(same).isEmpty();
        assertThat(unknown).as("unknown is neither").isEmpty();
        assertThat(changed).containsExactly(new MemberTransitions.Change("n1", true, false), new MemberTransitions.Change("n2", false, false));
        assertThat(changed.get(1).notice(PROD, view("down", "ready")).title()).isEqualTo("Node n2 is back");
        assertThat(transitions.nodes()).containsExactlyInAnyOrder("n1", "n2");
    }

    private static final String PROD = "acme/shop/prod";

    private static ClusterView view(String n1, String n2) {
        return new ClusterView(PROD, "Docker Swarm", "x", List.of(member("n1", n1), member("n2", n2)), List.of());
    }

    private static SwarmMember member(String node, String state) {
        return new SwarmMember("id-" + node, node, "host-" + node, "10.0.0.1", true, false, true, state, "active", "20.10");
    }
}
