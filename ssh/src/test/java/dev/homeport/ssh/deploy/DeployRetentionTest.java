package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.DeployOptions;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.RetentionPolicy;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.inventory.Retention;
import dev.homeport.ssh.rig.TestApps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retention policy applied as each deployment ends, on the rig. */
class DeployRetentionTest extends RigDeployTest {
    @Test
    void aDeploymentThatEndsPrunesWhatThePolicyNoLongerKeepsBeforeItsEndIsReported() throws Exception {
        Service service = fixture.service(new Service(0, 0, "web", new ServiceSource.Image(apps.image("v1")), TestApps.PORT, "/health", null, null,
                DeployOptions.defaults().withDrainSeconds(0).withKeepReleases(2)));
        List<Long> failed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Deployment d = fixture.history.queue(service.id(), fixture.node.id(), "missing:" + i, "{}");
            fixture.history.appendLog(d.id(), List.of("pulling missing:" + i));
            fixture.history.transition(d.id(), DeploymentState.QUEUED, DeploymentState.PREPARING, null);
            fixture.history.transition(d.id(), DeploymentState.PREPARING, DeploymentState.FAILED, "no such image");
            failed.add(d.id());
        }
        new Retention(fixture.store).setPolicy(new RetentionPolicy(3, 1, 90, 1000));

        Deployment first = fixture.deployLive(service.id());
        Deployment second = fixture.deployLive(service.id());

        assertThat(fixture.history.ofService(service.id())).extracting(Deployment::id).containsExactly(second.id(), first.id(), failed.getLast());
        assertThat(fixture.history.find(first.id()).state()).isEqualTo(DeploymentState.SUPERSEDED);
        assertThat(fixture.history.log(second.id())).anyMatch(line -> line.contains("Health check passed"));
        assertThat(fixture.history.log(first.id())).as("beyond the one release that keeps its log").isEmpty();
    }
}
