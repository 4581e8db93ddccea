package dev.homeport.ssh.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A shell with a terminal on the rig's real OpenSSH sshd: what is typed is echoed and run, resizes reach the PTY, the status comes back. */
@ExtendWith(RigExtension.class)
class PtySessionTest {
    @TempDir
    Path folder;
    private NodeConnections connections;
    private NodeConnection rig;

    @BeforeEach
    void connect(Rig rigInfo) {
        connections = new NodeConnections(RigTargets.settings(rigInfo, folder));
        rig = connections.to(RigTargets.rig(rigInfo), Prompts.NONE);
    }

    @AfterEach
    void close() {
        connections.close();
    }

    @Test
    void aShellEchoesWhatIsTypedFollowsResizesAndEndsWithItsStatus() throws Exception {
        try (PtySession shell = rig.openShell(91, 27); TerminalOutput screen = new TerminalOutput(shell.output())) {
            type(shell, "echo $TERM; stty size; echo h''i\r");
            // The PTY echoes the line as typed, then the shell runs it.
            screen.waitFor("echo $TERM; stty size; echo h''i");
            screen.waitFor("xterm-256color\r\n27 91\r\nhi\r\n");

            shell.resize(120, 40);
            type(shell, "stty size\r");
            screen.waitFor("40 120\r\n");

            type(shell, "exit 7\r");
            assertThat(shell.waitFor(Duration.ofSeconds(20))).isEqualTo(7);
            // The exit status comes before the channel's close.
            await().atMost(Duration.ofSeconds(10)).until(() -> !shell.isOpen());
        }
    }

    @Test
    void aCommandWithATerminalSeesATtyAndReturnsItsStatus() throws Exception {
        try (PtySession session = rig.openTerminal(Command.script("tty >/dev/null && echo is-a-tty; read line; echo \"got $line\"; exit 3"), 80, 24);
             TerminalOutput screen = new TerminalOutput(session.output())) {
            screen.waitFor("is-a-tty");
            type(session, "typed\r");
            screen.waitFor("got typed");
            assertThat(session.waitFor(Duration.ofSeconds(20))).isEqualTo(3);
        }
    }

    @Test
    void closingTheSessionEndsTheRemoteProgram() throws Exception {
        // A sleep no other test runs: its length is this test's own.
        String seconds = (1000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(9000)) + ".25";
        Command running = Command.script("pgrep -u \"$(id -u)\" -x -f \"sleep $1\" >/dev/null && echo yes || echo no", seconds);
        try (PtySession session = rig.openTerminal(Command.script("echo started; exec sleep \"$1\"", seconds), 80, 24);
             TerminalOutput screen = new TerminalOutput(session.output())) {
            screen.waitFor("started");
            assertThat(rig.exec(running).out()).isEqualTo("yes\n");
            session.close();
        }
        // sshd hangs up the terminal: the program gets SIGHUP and ends.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String left;
        do {
            left = rig.exec(running).out();
        } while (left.equals("yes\n") && System.nanoTime() < deadline && pause());
        assertThat(left).isEqualTo("no\n");
    }

    @Test
    void aSizeOutOfRangeIsRefusedBeforeAnythingOpens() {
        assertThatThrownBy(() -> rig.openShell(0, 24)).isInstanceOf(IllegalArgumentException.class).hasMessage("columns: must be 1–10000, got 0");
    }

    private static boolean pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private static void type(PtySession session, String keys) throws IOException {
        session.input().write(keys.getBytes(StandardCharsets.UTF_8));
        session.input().flush();
    }
}
