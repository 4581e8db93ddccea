package dev.homeport.ssh.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How many managers a cluster gets, and which members change role. */
class ManagerPlanTest {
    @Test
    void oneManagerForOneOrTwoNodesAndThreeFromThreeNodesOn() {
        assertThat(ManagerPlan.managersFor(1)).isEqualTo(1);
        assertThat(ManagerPlan.managersFor(2)).isEqualTo(1);
        assertThat(ManagerPlan.managersFor(3)).isEqualTo(3);
        assertThat(ManagerPlan.managersFor(7)).isEqualTo(3);
    }

    @Test
    void aThirdNodePromotesTheFirstReadyWorkers() {
        var plan = ManagerPlan.of(List.of(manager("a", true, "ready"), worker("b", "down"), worker("c", "ready"), worker("d", "ready")));

        assertThat(plan.promote()).containsExactly("c", "d");
        assertThat(plan.demote()).isEmpty();
    }

    @Test
    void fallingToTwoNodesDemotesDownManagersFirstAndTheLeaderLast() {
        var plan = ManagerPlan.of(List.of(manager("a", true, "ready"), manager("b", false, "down")));
        var leaderStays = ManagerPlan.of(List.of(manager("a", true, "ready"), manager("b", false, "ready")));

        assertThat(plan.demote()).containsExactly("b");
        assertThat(leaderStays.demote()).containsExactly("b");
        assertThat(ManagerPlan.of(List.of(manager("a", true, "ready"), worker("b", "ready"))).nothing()).isTrue();
    }

    private static SwarmMember manager(String id, boolean leader, String state) {
        return new SwarmMember(id, id, id, "10.0.0.1", true, leader, true, state, "active", "20.10");
    }

    private static SwarmMember worker(String id, String state) {
        return new SwarmMember(id, id, id, "10.0.0.2", false, false, true, state, "active", "20.10");
    }
}
