package dev.homeport.ssh.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The commands provisioning sends, compared with exact literals, and the parsing of what nodes print. */
class ProvisionCommandsTest {
    @Test
    void aptInstallRunsNonInteractivelyAndWaitsForTheLock() {
        assertThat(Apt.install("caddy").render()).isEqualTo("env 'DEBIAN_FRONTEND=noninteractive' apt-get -q -y -o 'DPkg::Lock::Timeout=600'"
                + " -o 'Dpkg::Options::=--force-confdef' -o 'Dpkg::Options::=--force-confold' install --no-install-recommends caddy");
    }

    @Test
    void aptUpdate() {
        assertThat(Apt.update().render()).isEqualTo("env 'DEBIAN_FRONTEND=noninteractive' apt-get -q -y -o 'DPkg::Lock::Timeout=600'"
                + " -o 'Dpkg::Options::=--force-confdef' -o 'Dpkg::Options::=--force-confold' update");
    }

    @Test
    void resumingAnInterruptedDpkg() {
        assertThat(Apt.configurePending().render())
                .isEqualTo("env 'DEBIAN_FRONTEND=noninteractive' dpkg --force-confdef --force-confold --configure -a");
    }

    @Test
    void theHomeportNetwork() {
        assertThat(HomeportNetworkStep.inspect().render()).isEqualTo("docker network inspect --format '{{.Name}}' homeport");
        assertThat(HomeportNetworkStep.create().render()).isEqualTo("docker network create homeport");
    }

    @Test
    void aDetachedDaemonGetsItsArgumentsAsValues() {
        assertThat(HostCommands.startDetached("/var/log/netdata/homeport-netdata.log", "netdata", "-D").argv().subList(4, 7))
                .containsExactly("/var/log/netdata/homeport-netdata.log", "netdata", "-D");
        assertThat(HostCommands.startDetached("/l", "x").argv().subList(0, 2)).containsExactly("sh", "-c");
    }

    @Test
    void listenersFromProcNetTcp() {
        // Lines as the kernel prints them: 127.0.0.1:2019, 0.0.0.0:80, [::]:443, [::1]:19999, [::ffff:127.0.0.1]:8080.
        TcpListeners listeners = TcpListeners.parse(List.of("0100007F:07E3", "00000000:0050", "00000000000000000000000000000000:01BB",
                "00000000000000000000000001000000:4E1F", "0000000000000000FFFF00000100007F:1F90"));
        assertThat(listeners.loopbackOnly(2019)).isTrue();
        assertThat(listeners.loopbackOnly(80)).isFalse();
        assertThat(listeners.describe(80)).isEqualTo("0.0.0.0:80");
        assertThat(listeners.loopbackOnly(443)).isFalse();
        assertThat(listeners.loopbackOnly(19999)).isTrue();
        assertThat(listeners.loopbackOnly(8080)).isTrue();
        assertThat(listeners.listening(22)).isFalse();
    }

    @Test
    void netdataBindSettings() {
        assertThat(NetdataBind.loopbackOnly(List.of("\tbind socket to IP = 127.0.0.1"))).isTrue();
        assertThat(NetdataBind.loopbackOnly(List.of("bind to = localhost:19999 [::1]:19999=dashboard unix:/run/netdata/netdata.sock"))).isTrue();
        assertThat(NetdataBind.loopbackOnly(List.of("bind to = *"))).isFalse();
        assertThat(NetdataBind.loopbackOnly(List.of("bind to = 127.0.0.1 0.0.0.0:19999"))).isFalse();
        assertThat(NetdataBind.loopbackOnly(List.of())).as("no setting means every address").isFalse();
    }

    @Test
    void factsFromTheProbeScript() {
        NodeFacts facts = NodeFacts.parse("os.id=debian\npkg.caddy=install ok installed|2.6.2-5\npkg.netdata=deinstall ok config-files|1.37.1-2\n"
                + "listen=0100007F:07E3\nlisten=00000000:0050\ngroups.account=homeport sudo docker\nnot a fact\n");
        assertThat(facts.get("os.id")).isEqualTo("debian");
        assertThat(facts.installedVersion("caddy")).isEqualTo("2.6.2-5");
        assertThat(facts.installedVersion("netdata")).as("removed, config kept").isEmpty();
        assertThat(facts.all("listen")).hasSize(2);
        assertThat(facts.inAccountGroup("docker")).isTrue();
        assertThat(facts.inSessionGroup("docker")).isFalse();
    }
}
