package dev.homeport.ssh.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.transport.SshTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rig's own node (this machine's sshd on 2222, user homeport-test: in the docker group, no sudo) has
 * Docker, Caddy and Netdata running: it probes clean, and provisioning it changes nothing and needs no sudo.
 */
@ExtendWith(RigExtension.class)
class RigNodeProvisionTest {
    @TempDir
    Path folder;
    private NodeConnections connections;
    private SshTarget target;

    @BeforeEach
    void connect(Rig rig) {
        // The rig's Docker is shared: the homeport network may exist already (other tests deploy on it).
        if (Processes.call(List.of("docker", "network", "inspect", "homeport"), null).exit() != 0) {
            Processes.call(List.of("docker", "network", "create", "homeport"), null);
        }
        connections = new NodeConnections(RigTargets.settings(rig, folder));
        target = RigTargets.rig(rig);
    }

    @AfterEach
    void close() {
        connections.close();
    }

    @Test
    void theRigNodeProbesClean() {
        ProbeReport report = new NodeProbe(connections.to(target, Prompts.NONE)).probe();

        assertThat(report.problems()).as(report.toString()).isEmpty();
        assertThat(report.checks()).extracting(ProbeCheck::id).containsExactly("os", "resources", "disk-root", "disk-docker",
                "package-manager", "docker", "docker-access", "docker-network", "caddy", "caddy-admin", "netdata", "netdata-api",
                "ports", "deploy-tools", "backup-tools", "privileges");
        assertThat(report.check("os").detail()).startsWith("Debian GNU/Linux");
        assertThat(report.check("docker").detail()).matches("Docker Engine \\d+\\.\\d+.*");
        assertThat(report.check("caddy").detail()).matches("Caddy \\d+\\.\\d+.*");
        assertThat(report.check("netdata").detail()).matches("Netdata \\d+\\.\\d+.*");
        assertThat(report.check("disk-docker").detail()).contains("free on /var/lib/docker");
        // No sudo on this node, and that is fine: nothing needs installing.
        assertThat(report.facts().sudo()).isIn("missing", "password");
        assertThat(report.check("privileges").detail()).startsWith("not needed now: nothing to install or change");
        assertThat(report.summary()).isEqualTo("all 16 checks OK");
    }

    @Test
    void provisioningTheRigNodeChangesNothing() {
        List<String> log = new CopyOnWriteArrayList<>();
        ProvisionResult result = new Provisioner(connections, target, Prompts.NONE, ProvisionOptions.defaults())
                .run(new ProvisionListener() {
                    @Override
                    public void log(String step, String line) {
                        log.add(step + ": " + line);
                    }
                });

        assertThat(result.steps()).extracting(StepResult::step)
                .containsExactly("package-manager", "docker", "docker-group", "caddy", "netdata", "alerts", "network", "deploy-tools", "backup-tools", "container-watch");
        assertThat(result.changes()).as(String.join("\n", log)).isEmpty();
        assertThat(result.summary()).isEqualTo("nothing changed");
        assertThat(result.reconnected()).isFalse();
        assertThat(result.after().problems()).as(result.after().toString()).isEmpty();
        assertThat(log).contains("docker-group: homeport-test can use Docker", "network: the Docker network homeport exists");
    }
}
