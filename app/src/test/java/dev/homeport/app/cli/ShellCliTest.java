package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.HomeportHome;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.transport.TerminalOutput;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.homeport.app.Homeport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code homeport shell NODE} on the rig: with piped input the lines are typed into the remote shell; at a real
 * terminal (a PTY from util-linux's {@code script}) the terminal is put in raw mode (what is typed is echoed
 * once, by the node), the remote PTY has the terminal's size and follows a resize, and the exit status is the
 * remote shell's. The same at a terminal while the app is open: the command runs in the app (a {@link CliServer}
 * on the same store), and the session uses the client's terminal over the socket.
 */
@ExtendWith(RigExtension.class)
class ShellCliTest {
    @TempDir
    Path folder;

    @Test
    void withPipedInputTheLinesAreTypedIntoTheShellAndItsStatusIsOurs(Rig rig) throws Exception {
        CliRunner cli = CliRunner.withRigNode(folder.resolve("home"), rig);
        CliRunner.Result result = cli.run(new ByteArrayInputStream("echo hi-$((2+3)); stty size; exit 4\n".getBytes(StandardCharsets.UTF_8)),
                "shell", "rig");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
        assertThat(result.out()).contains("hi-5\r\n").contains("24 80\r\n");

        CliRunner.Result bad = cli.run("shell", "rig", "--replica", "web.1@n1");
        assertThat(bad.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(bad.err()).contains("--replica: only a service has replicas; 'rig' is a node.");
        assertThat(cli.run("shell", "nosuchnode").err()).contains("nosuchnode");
    }

    @ParameterizedTest(name = "app open: {0}")
    @ValueSource(booleans = {false, true})
    void atATerminalItIsRawFollowsResizesAndReturnsTheStatus(boolean appOpen, Rig rig) throws Exception {
        CliRunner cli = CliRunner.withRigNode(folder.resolve("home"), rig);
        try (Homeport app = appOpen ? Homeport.open(cli.home, null) : null;
             CliServer served = app != null ? CliServer.start(app, () -> { }) : null) {
            assertThat(Files.exists(cli.home.cliSocket())).isEqualTo(appOpen);
            shellAtATerminal(cli);
        }
    }

    private void shellAtATerminal(CliRunner cli) throws Exception {
        Path resizeNow = folder.resolve("resize-now");
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The terminal starts at 101 × 31; once the test creates resize-now, it becomes 120 × 40 (and the
        // foreground process, homeport, gets SIGWINCH).
        String inner = "stty cols 101 rows 31; "
                + "(while [ ! -e \"$1\" ]; do sleep 0.1; done; stty cols 120 rows 40 </dev/tty) & "
                + "exec \"$2\" --enable-native-access=ALL-UNNAMED -cp \"$3\" dev.homeport.app.Main shell rig";
        List<String> command = new ArrayList<>(List.of("script", "-q", "-e", "-f", "-c",
                "sh -c '" + inner.replace("'", "'\\''") + "' sh " + quote(resizeNow.toString()) + " " + quote(java) + " "
                        + quote(System.getProperty("java.class.path")), "/dev/null"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(HomeportHome.ENV, cli.home.root().toString());
        builder.environment().put("TERM", "xterm-256color");
        Process process = builder.start();
        try (TerminalOutput screen = new TerminalOutput(process.getInputStream())) {
            OutputStream keys = process.getOutputStream();
            // Typed once the shell prompts: by then the local terminal is raw.
            screen.waitFor("$ ");
            type(keys, "echo a$((1+1))b; stty size\r");
            screen.waitFor("a2b\r\n31 101\r\n");
            // Raw mode: the local terminal does not echo; only the node's PTY does, once.
            assertThat(count(screen.text(), "echo a$((1+1))b")).isEqualTo(1);

            Files.createFile(resizeNow);
            Thread.sleep(500);
            type(keys, "stty size\r");
            screen.waitFor("40 120\r\n");

            // Ctrl-C is a key for the remote shell: it interrupts the remote sleep, and homeport keeps running.
            type(keys, "sleep 30\r");
            Thread.sleep(500);
            type(keys, "\u0003");
            type(keys, "echo after-$((3*3))\r");
            screen.waitFor("after-9\r\n");

            type(keys, "exit 6\r");
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(screen.text()).isEqualTo(6);
        } finally {
            process.destroyForcibly();
        }
    }

    private static void type(OutputStream keys, String text) throws Exception {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
