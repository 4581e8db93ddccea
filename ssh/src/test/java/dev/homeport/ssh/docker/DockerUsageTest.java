package dev.homeport.ssh.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.HostConfig;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** One-shot resource use from the stats API, on the rig's Docker. */
@ExtendWith(RigExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DockerUsageTest {
    private static final long LIMIT = 64L * 1024 * 1024;

    @TempDir
    Path folder;
    private DockerRigFixture fixture;
    private ContainerUsageReader reader;

    @BeforeEach
    void connect(Rig rig) {
        fixture = new DockerRigFixture(rig, folder);
        reader = new ContainerUsageReader(fixture.client());
    }

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    @Test
    void aBusyContainerUsesCpuAndMemoryWithinItsLimit() {
        String id = fixture.create(DockerRigFixture.uniqueName("busy"), List.of("sh", "-c", "while :; do :; done"))
                .withHostConfig(HostConfig.newHostConfig().withMemory(LIMIT))
                .withStopSignal("SIGKILL")
                .exec().getId();
        fixture.client().startContainerCmd(id).exec();

        ContainerUsage usage = reader.read(id);
        assertThat(usage.containerId()).isEqualTo(id);
        assertThat(usage.cpuPercent()).as("a shell spinning in a loop keeps a CPU busy").isPositive();
        assertThat(usage.memoryLimitBytes()).isEqualTo(LIMIT);
        assertThat(usage.memoryUsedBytes()).isPositive().isLessThan(LIMIT);
        assertThat(usage.memoryPercent()).isGreaterThan(0).isLessThan(100);
    }

    @Test
    void aStoppedContainerUsesNothing() {
        String id = fixture.create(DockerRigFixture.uniqueName("stopped"), DockerRigFixture.TICKING).exec().getId();
        ContainerUsage usage = reader.read(id);
        assertThat(usage.cpuPercent()).isZero();
        assertThat(usage.memoryUsedBytes()).isZero();
    }
}
