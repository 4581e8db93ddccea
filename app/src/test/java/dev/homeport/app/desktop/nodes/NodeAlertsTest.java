package dev.homeport.app.desktop.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.desktop.nodes.NodeAlerts.Watch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node that its SSH check and its cluster both see go down is announced down once, and back once. */
class NodeAlertsTest {
    private final NodeAlerts alerts = new NodeAlerts();

    @Test
    void aMachineThatDiesIsToldOfOnceWhicheverWatchSeesItFirst() {
        assertThat(alerts.down("n3", Watch.CLUSTER)).isTrue();
        assertThat(alerts.down("n3", Watch.SSH_CHECK)).as("the check sees what the cluster told").isFalse();
        assertThat(alerts.back("n3", Watch.SSH_CHECK)).as("its SSH answers, but Swarm still lacks it").isFalse();
        assertThat(alerts.back("n3", Watch.CLUSTER)).isTrue();

        assertThat(alerts.down("n1", Watch.SSH_CHECK)).isTrue();
        assertThat(alerts.down("n1", Watch.CLUSTER)).isFalse();
        assertThat(alerts.back("n1", Watch.CLUSTER)).isFalse();
        assertThat(alerts.back("n1", Watch.SSH_CHECK)).isTrue();
    }

    @Test
    void onlyTheClusterSeesADockerThatDiedAndAClosedPageForgetsSilently() {
        assertThat(alerts.down("n2", Watch.CLUSTER)).isTrue();
        assertThat(alerts.back("n2", Watch.SSH_CHECK)).as("the check never saw it down").isFalse();
        alerts.forget(Watch.CLUSTER, List.of("n2"));

        assertThat(alerts.back("n2", Watch.CLUSTER)).isFalse();
        assertThat(alerts.down("n2", Watch.SSH_CHECK)).as("forgotten: a later failure is news again").isTrue();
    }
}
