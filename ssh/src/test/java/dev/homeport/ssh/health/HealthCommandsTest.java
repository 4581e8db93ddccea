package dev.homeport.ssh.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The health checks' remote commands, one literal per command, and how df's answer is read. */
class HealthCommandsTest {
    @Test
    void alive() {
        assertThat(HealthCommands.alive().render()).isEqualTo("true");
    }

    @Test
    void diskUsage() {
        assertThat(HealthCommands.diskUsage("/").render()).isEqualTo("df -P -k -- /");
        assertThat(HealthCommands.diskUsage("/srv/my data").render()).isEqualTo("df -P -k -- '/srv/my data'");
    }

    @Test
    void freeSpaceIsCountedAsDfDoes() {
        String df = """
                Filesystem     1024-blocks     Used Available Capacity Mounted on
                /dev/vda         264212084 23871212  82519700      23% /
                """;
        assertThat(DiskSpaceCheck.freePercent(df)).isCloseTo(77.56, within(0.01));
        String spaced = """
                Filesystem 1024-blocks Used Available Capacity Mounted on
                my disk 1000 950 50 95% /
                """;
        assertThat(DiskSpaceCheck.freePercent(spaced)).isCloseTo(5.0, within(0.001));
    }
}
