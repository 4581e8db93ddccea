package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.DeployOptions;
import dev.homeport.model.Deployment;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.transport.PtySession;
import dev.homeport.ssh.transport.TerminalOutput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A shell in a service deployed on the rig's node: it runs in the live release's container, with a terminal, and ends with its status. */
class ServiceShellTest extends RigDeployTest {
    @Test
    void aShellOpensInTheLiveReleasesContainerWithATerminal() throws Exception {
        Service service = fixture.service(new Service(0, 0, "shelled", new ServiceSource.Image(apps.image("v1")), TestApps.PORT,
                "/health", null, null, DeployOptions.defaults()));
        String path = "acme/shop/" + fixture.environment.name() + "/shelled";
        assertThatThrownBy(() -> fixture.deploys.shellTargets(service.id(), Prompts.NONE))
                .isInstanceOf(DeployException.class).hasMessageContaining(path + " has no live release to open a shell in");

        Deployment live = fixture.deployLive(service.id());
        List<ContainerShell> targets = fixture.deploys.shellTargets(service.id(), Prompts.NONE);
        String containerId = fixture.container(service.id(), live.id()).orElseThrow().getId();
        assertThat(targets).singleElement().satisfies(target -> {
            assertThat(target.node().name()).isEqualTo("rig");
            assertThat(target.containerId()).isEqualTo(containerId);
            assertThat(target.label()).isEqualTo("shelled@rig");
        });

        try (PtySession shell = targets.getFirst().open(fixture.connection(), 100, 30);
             TerminalOutput screen = new TerminalOutput(shell.output())) {
            // docker exec -it sets the TTY's size just after the shell starts: a size asked at once can still be 0 0.
            type(shell, "sleep 1; echo \"[$TERM] [$(hostname)] [${BASH_VERSION:+bash}]\"; stty size\r");
            screen.waitFor("[xterm-256color] [" + containerId.substring(0, 12) + "] [bash]\r\n30 100\r\n");
            // docker exec -it follows the PTY's size.
            shell.resize(132, 43);
            type(shell, "sleep 0.5; stty size\r");
            screen.waitFor("43 132\r\n");
            type(shell, "exit 5\r");
            assertThat(shell.waitFor(Duration.ofSeconds(20))).isEqualTo(5);
        }

        // A stopped release is said before any channel opens.
        fixture.deploys.stop(service.id(), Prompts.NONE);
        assertThatThrownBy(() -> fixture.deploys.shellTargets(service.id(), Prompts.NONE))
                .isInstanceOf(DeployException.class).hasMessageContaining(path + " is not running on rig").hasMessageContaining("start it first");
    }

    @Test
    void aContainerThatIsGoneIsSaidInTheTerminal() throws Exception {
        ContainerShell gone = new ContainerShell(fixture.node, "0123456789ab-no-such-container", "gone@rig");
        try (PtySession shell = gone.open(fixture.connection(), 80, 24); TerminalOutput screen = new TerminalOutput(shell.output())) {
            screen.waitFor("The container is gone; open the shell again.");
            assertThat(shell.waitFor(Duration.ofSeconds(20))).isEqualTo(125);
        }
    }

    @Test
    void anImageWithoutAShellIsSaidInTheTerminal() throws Exception {
        // An image of one static program and nothing else: busybox named /sleep (busybox runs the applet it is named
        // after), so it stays up, while no shell is there by any name.
        String unique = Long.toString(System.nanoTime(), 36);
        String image = "homeport-test/noshell:" + unique;
        String name = "homeport-test-noshell-" + unique;
        var connection = fixture.connection();
        try {
            var made = connection.exec(dev.homeport.ssh.transport.Command.script("""
                    set -e
                    d=$(mktemp -d)
                    cp /bin/busybox "$d/sleep"
                    tar -C "$d" -c sleep | docker import --change 'CMD ["/sleep", "3600"]' - "$1" >/dev/null
                    rm -rf "$d"
                    docker run -d --name "$2" "$1"
                    """, image, name));
            assertThat(made.exitStatus()).as(made.err()).isZero();
            String id = made.out().strip();
            ContainerShell noShell = new ContainerShell(fixture.node, id, "noshell@rig");
            try (PtySession shell = noShell.open(connection, 80, 24); TerminalOutput screen = new TerminalOutput(shell.output())) {
                screen.waitFor("This container's image has no shell (no /bin/sh); Homeport cannot open one in it.");
                assertThat(shell.waitFor(Duration.ofSeconds(20))).isEqualTo(ContainerShell.NO_SHELL);
            }
        } finally {
            connection.exec(dev.homeport.ssh.transport.Command.script("docker rm -f \"$1\" >/dev/null 2>&1; docker rmi \"$2\" >/dev/null 2>&1; true",
                    name, image));
        }
    }

    @Test
    void aReleaseWhoseImageHasNoShellBorrowsTheNodesBusybox() throws Exception {
        // The image of the test above (busybox named /sleep, no shell by any name), deployed as a release is.
        String image = "homeport-test/noshell:" + Long.toString(System.nanoTime(), 36);
        var connection = fixture.connection();
        try {
            var made = connection.exec(dev.homeport.ssh.transport.Command.script("""
                    set -e
                    d=$(mktemp -d)
                    cp /bin/busybox "$d/sleep"
                    tar -C "$d" -c sleep | docker import --change 'CMD ["/sleep", "3600"]' - "$1" >/dev/null
                    rm -rf "$d"
                    """, image));
            assertThat(made.exitStatus()).as(made.err()).isZero();
            Service service = fixture.service(new Service(0, 0, "bare", new ServiceSource.Image(image), null, null, null, null,
                    DeployOptions.defaults()));
            Deployment live = fixture.deployLive(service.id());
            var container = fixture.container(service.id(), live.id()).orElseThrow();
            // The node's static busybox, read-only, where a cluster's replicas have it; the image itself has no shell.
            assertThat(container.getMounts()).anySatisfy(mount -> {
                assertThat(mount.getDestination()).isEqualTo("/.homeport/busybox");
                assertThat(mount.getRw()).isFalse();
            });
            assertThat(connection.exec(dev.homeport.ssh.transport.Command.of("docker", "exec", container.getId(), "sh", "-c", "true"))
                    .exitStatus()).isNotZero();

            ContainerShell target = fixture.deploys.shellTargets(service.id(), Prompts.NONE).getFirst();
            try (PtySession shell = target.open(connection, 80, 24); TerminalOutput screen = new TerminalOutput(shell.output())) {
                // Only the shell's builtins: the image has no other program than /sleep.
                type(shell, "read h < /etc/hostname; echo \"[$h] [$((6*7))]\"; exit 4\r");
                screen.waitFor("[" + container.getId().substring(0, 12) + "] [42]");
                assertThat(shell.waitFor(Duration.ofSeconds(20))).isEqualTo(4);
            }
        } finally {
            // The release's container goes first, so the image can go too (the fixture removes the rest of the service).
            connection.exec(dev.homeport.ssh.transport.Command.script(
                    "docker ps -aq --filter ancestor=\"$1\" | xargs -r docker rm -f >/dev/null 2>&1; docker rmi \"$1\" >/dev/null 2>&1; true", image));
        }
    }

    private static void type(PtySession session, String keys) throws java.io.IOException {
        session.input().write(keys.getBytes(StandardCharsets.UTF_8));
        session.input().flush();
    }
}
