package dev.homeport.ssh.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.transport.SshTarget;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Nodes provisioning must refuse, with the specific reason and nothing changed: no sudo, an unsupported system. */
@ExtendWith(RigExtension.class)
class ProvisionRefusalTest {
    @TempDir
    Path folder;
    private NodeContainer container;
    private NodeConnections connections;
    private SshTarget target;

    @BeforeEach
    void startNode(Rig rig) {
        container = NodeContainer.start(rig);
        connections = new NodeConnections(RigTargets.settings(rig, folder));
        connections.hostKeys().accept(container.ip(), 22, container.hostKey("ed25519"));
        target = RigTargets.node(rig, container);
    }

    @AfterEach
    void stopNode() {
        connections.close();
        container.close();
    }

    @Test
    void withoutSudoTheProbeNamesTheWorkAndProvisioningRefusesBeforeChangingAnything() {
        container.exec("rm", "/etc/sudoers.d/homeport");

        ProbeReport report = new NodeProbe(connections.to(target, Prompts.NONE)).probe();
        ProbeCheck privileges = report.check("privileges");
        assertThat(privileges.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(privileges.detail()).startsWith("sudo asks homeport for a password, and provisioning needs root for: ")
                .contains("docker", "caddy", "netdata");
        assertThat(privileges.nextAction()).contains("homeport ALL=(ALL) NOPASSWD:ALL");

        ProvisionException refused = catchThrowableOfType(ProvisionException.class,
                () -> new Provisioner(connections, target, Prompts.NONE, ProvisionOptions.defaults()).run(ProvisionListener.NONE));
        assertThat(refused).isNotNull();
        assertThat(refused.reason()).isEqualTo(ProvisionException.Reason.NO_PRIVILEGES);
        assertThat(refused.step()).isEqualTo("docker");
        assertThat(refused.getMessage()).isEqualTo("This step needs root, but sudo asks homeport for a password. Connect as root,"
                + " or give homeport passwordless sudo (a file in /etc/sudoers.d with 'homeport ALL=(ALL) NOPASSWD:ALL'), then run Provision again.");
        assertThat(refused.steps()).extracting(StepResult::line).containsExactly("package-manager: nothing changed", "docker: nothing changed");
        assertThat(Processes.call(List.of("docker", "exec", container.name(), "dpkg-query", "-W", "docker.io"), null).exit()).isNotZero();
    }

    @Test
    void anUnsupportedSystemIsNamedAndNothingIsChanged() {
        container.sh("rm -f /etc/os-release && printf 'ID=fedora\\nVERSION_ID=41\\nPRETTY_NAME=\"Fedora Linux 41 (Server Edition)\"\\n' > /etc/os-release");

        ProbeCheck os = new NodeProbe(connections.to(target, Prompts.NONE)).probe().check("os");
        assertThat(os.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(os.detail()).isEqualTo("Fedora Linux 41 (Server Edition) is not supported (Homeport supports Debian and Ubuntu)");
        assertThat(os.nextAction()).startsWith("Use a Debian or Ubuntu server");

        ProvisionException refused = catchThrowableOfType(ProvisionException.class,
                () -> new Provisioner(connections, target, Prompts.NONE, ProvisionOptions.defaults()).run(ProvisionListener.NONE));
        assertThat(refused).isNotNull();
        assertThat(refused.reason()).isEqualTo(ProvisionException.Reason.UNSUPPORTED_OS);
        assertThat(refused.getMessage()).isEqualTo(container.name() + " runs Fedora Linux 41 (Server Edition)."
                + " Homeport provisions Debian and Ubuntu only; nothing was changed.");
        assertThat(refused.steps()).isEmpty();
    }
}
