package dev.homeport.ssh.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Network;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network a deploy makes when the node has lost it, on the rig's Docker. The tests use a name of their own:
 * removing the real {@code homeport} network would pull it from under other tests' services.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HomeportNetworkTest {
    @TempDir
    Path folder;
    private DockerRigFixture fixture;
    private String name;

    @BeforeEach
    void connect(Rig rig) {
        fixture = new DockerRigFixture(rig, folder);
        name = DockerRigFixture.uniqueName("network");
    }

    @AfterEach
    void cleanUp() {
        try {
            for (Network network : networksNamed()) {
                fixture.client().removeNetworkCmd(network.getId()).exec();
            }
        } finally {
            fixture.close();
        }
    }

    @Test
    void aMissingNetworkIsMadeAsProvisionMakesIt() {
        assertThat(networksNamed()).isEmpty();

        assertThat(HomeportNetwork.ensure(fixture.client(), name)).as("made").isTrue();

        Network made = fixture.client().inspectNetworkCmd().withNetworkId(name).exec();
        assertThat(made.getName()).isEqualTo(name);
        assertThat(made.getDriver()).isEqualTo("bridge");
        assertThat(HomeportNetwork.ensure(fixture.client(), name)).as("made again").isFalse();
        assertThat(networksNamed()).hasSize(1);
    }

    @Test
    void twoDeploysThatFindItMissingAtOnceMakeOneNetwork() throws Exception {
        ExecutorService both = Executors.newFixedThreadPool(4);
        try {
            Callable<Boolean> ensure = () -> HomeportNetwork.ensure(fixture.client(), name);
            List<Future<Boolean>> results = both.invokeAll(List.of(ensure, ensure, ensure, ensure));
            long made = 0;
            for (Future<Boolean> result : results) {
                made += result.get() ? 1 : 0;
            }
            assertThat(made).as("calls that made it").isEqualTo(1);
        } finally {
            both.shutdownNow();
        }
        assertThat(networksNamed()).as("networks of that name").hasSize(1);
    }

    @Test
    void whenAnotherProcessWonTheSameRaceTheOldestNetworkIsKept() {
        // Docker makes a second network of a taken name when not asked to check: what a race between two processes leaves.
        String first = fixture.client().createNetworkCmd().withName(name).withDriver("bridge").exec().getId();
        fixture.client().createNetworkCmd().withName(name).withDriver("bridge").exec();
        assertThat(networksNamed()).hasSize(2);

        assertThat(HomeportNetwork.ensure(fixture.client(), name)).as("made").isFalse();

        assertThat(networksNamed()).extracting(Network::getId).containsExactly(first);
    }

    private List<Network> networksNamed() {
        return HomeportNetwork.named(fixture.client(), name);
    }
}
