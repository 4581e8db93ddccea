package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line while the app is open: a {@link CliServer} on a real open store in a temporary
 * home, and the {@link CliClient} the command starts with, in this JVM or as a process of its own.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CliServerTest {
    @TempDir
    Path root;
    private CliRunner local;
    private Homeport open;
    private CliServer server;
    private final AtomicInteger changes = new AtomicInteger();

    record Served(int exitCode, String out, String err) {
    }

    @BeforeEach
    void openTheStoreAndServe() throws Exception {
        local = new CliRunner(root.resolve("home"));
        open = Homeport.open(local.home, null);
        server = CliServer.start(open, changes::incrementAndGet);
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        if (open != null) {
            open.close();
        }
    }

    private Served served(Path folder, InputStream stdin, Terminal.Asker terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CliClient.run(local.home.cliSocket(), args, folder, stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal, false);
        return new Served(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Served served(String... args) {
        return served(root, InputStream.nullInputStream(), null, args);
    }

    @Test
    void aCommandRunsInTheOpenAppOnItsStoreAndTheAppHearsOfTheChange() {
        assertThat(local.run("org", "list").err()).as("the store is the app's").contains("Another Homeport");

        Served created = served("org", "create", "acme");
        Served listed = served("org", "list", "--json");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).isEqualTo("Created organisation 'acme'.\n");
        assertThat(CliRunner.parse(listed.out()).get(0).get("name").asText()).isEqualTo("acme");
        assertThat(open.inventory().tree().organisations()).extracting(o -> o.name()).containsExactly("acme");
        assertThat(changes).as("the app is told after the write, not after the read").hasValue(1);
        assertThat(server.socket()).isEqualTo(local.home.cliSocket());
        assertThat(PosixFilePermissions.toString(filePermissions(server.socket()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(filePermissions(server.socket().getParent()))).isEqualTo("rwx------");
    }

    @Test
    void exitCodesAndErrorsAreTheCommandsOwn() {
        Served missing = served("app", "show", "acme/blog");
        Served usage = served("org", "create");
        Served invalid = served("org", "create", "Not A Name");

        assertThat(missing.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(missing.err()).isEqualTo("homeport: No organisation named 'acme'.\n");
        assertThat(usage.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(usage.err()).startsWith("homeport: Missing required parameter");
        assertThat(invalid.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(changes).as("a refused write changed nothing, but the app may read again").hasValueLessThanOrEqualTo(1);
    }

    @Test
    void relativePathsAreInTheClientsFolder() throws Exception {
        assertThat(served("org", "create", "acme").exitCode()).isZero();
        Path client = Files.createDirectories(root.resolve("client"));

        Served exported = served(client, InputStream.nullInputStream(), null, "export", "-o", "inventory.yaml");

        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(client.resolve("inventory.yaml")).content().contains("acme");
        assertThat(Path.of("inventory.yaml")).as("not in the app's folder").doesNotExist();
        assertThat(exported.out()).contains(client.resolve("inventory.yaml").toString());
    }

    @Test
    void pipedInputIsForwardedOnlyWhenTheCommandReadsIt() {
        assertThat(served("org", "create", "acme").exitCode()).isZero();
        assertThat(served("app", "create", "acme/shop").exitCode()).isZero();
        assertThat(served("environment", "create", "acme/shop/prod").exitCode()).isZero();
        byte[] scriptInput = "s3cret\nleft for the script\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream script = new ByteArrayInputStream(scriptInput);

        Served list = served(root, script, null, "var", "list", "acme/shop/prod");

        assertThat(list.exitCode()).isZero();
        assertThat(script.available()).as("a command that reads no input leaves it to the script").isEqualTo(scriptInput.length);
        ByteArrayInputStream secret = new ByteArrayInputStream("piped secret\n".getBytes(StandardCharsets.UTF_8));
        Served set = served(root, secret, null, "var", "set", "acme/shop/prod", "TOKEN", "--secret");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(revealed("TOKEN")).isEqualTo("piped secret");
    }

    @Test
    void promptsAreAskedAtTheClientsTerminal() {
        assertThat(served("org", "create", "acme").exitCode()).isZero();
        List<String> asked = new ArrayList<>();

        Served kept = served(root, InputStream.nullInputStream(), (prompt, echo) -> {
            asked.add(prompt + (echo ? "" : " [hidden]"));
            return "n".toCharArray();
        }, "org", "delete", "acme");
        Served deleted = served(root, InputStream.nullInputStream(), (prompt, echo) -> "y".toCharArray(), "org", "delete", "acme");

        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst()).doesNotContain("[hidden]");
        assertThat(kept.exitCode()).isNotZero();
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(open.inventory().tree().organisations()).isEmpty();
    }

    @Test
    void aSecretTypedAtThePromptIsAskedWithoutEcho() {
        assertThat(served("org", "create", "acme").exitCode()).isZero();
        assertThat(served("app", "create", "acme/shop").exitCode()).isZero();
        assertThat(served("environment", "create", "acme/shop/prod").exitCode()).isZero();
        List<Boolean> echoed = new ArrayList<>();

        Served set = served(root, InputStream.nullInputStream(), (prompt, echo) -> {
            echoed.add(echo);
            return "typed secret".toCharArray();
        }, "var", "set", "acme/shop/prod", "TOKEN", "--secret");

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(echoed).containsExactly(false);
        assertThat(revealed("TOKEN")).isEqualTo("typed secret");
    }

    @Test
    void aSocketNoAppListensOnIsRemovedAndTheCommandRunsHere() throws Exception {
        server.close();
        server = null;
        open.close();
        open = null;
        Path socket = local.home.cliSocket();
        // An app that crashed leaves its socket file behind, with nobody listening.
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        }
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        assertThat(socket).exists();

        Served stale = served("org", "list");

        assertThat(stale.exitCode()).isEqualTo(CliClient.NOT_SERVED);
        assertThat(socket).doesNotExist();
        assertThat(local.run("org", "list").exitCode()).isZero();
    }

    @Test
    void aSocketOthersMayReachIsRefused() throws Exception {
        Files.setPosixFilePermissions(server.socket().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));

        Served refused = served("org", "create", "acme");

        assertThat(refused.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(refused.err()).startsWith("homeport: refusing the app's socket " + server.socket())
                .contains("others may use it");
        assertThat(open.inventory().tree().organisations()).isEmpty();
    }

    @Test
    void aSocketOfAnotherUserIsRefused() {
        String me = System.getProperty("user.name");
        try {
            System.setProperty("user.name", "someone-else");
            Served refused = served("org", "create", "acme");

            assertThat(refused.exitCode()).isEqualTo(Cli.FAILED);
            assertThat(refused.err()).contains("it is owned by " + me).contains("not by someone-else");
        } finally {
            System.setProperty("user.name", me);
        }
        assertThat(open.inventory().tree().organisations()).isEmpty();
    }

    @Test
    void theLauncherSendsTheCommandToTheOpenApp() throws Exception {
        HomeportProcess.Result created = HomeportProcess.run(local.home, root, List.of(), "org", "create", "acme");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).isEqualTo("Created organisation 'acme'.\n");
        assertThat(open.inventory().tree().organisations()).extracting(o -> o.name()).containsExactly("acme");
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> filePermissions(Path path) {
        try {
            return Files.getPosixFilePermissions(path, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Ctrl-C at the client stops the remote command in the app, which stays open. */
    @Test
    @ExtendWith(RigExtension.class)
    void ctrlCAtTheClientStopsTheCommandInTheApp(Rig rig) throws Exception {
        server.close();
        open.close();
        CliRunner withNode = CliRunner.withRigNode(root.resolve("rig-home"), rig);
        local = withNode;
        open = Homeport.open(withNode.home, null);
        server = CliServer.start(open, changes::incrementAndGet);
        String sleep = "sleep " + (4000 + System.nanoTime() % 1000);
        Path errors = root.resolve("stderr");
        Process homeport = HomeportProcess.start(withNode.home, errors, "node", "exec", "rig", "--", "sh", "-c", "echo started; exec " + sleep);
        try {
            assertThat(HomeportProcess.firstLine(homeport)).as(() -> read(errors)).isEqualTo("started");
            assertThat(served("node", "exec", "rig", "--", "pgrep", "-f", sleep).exitCode()).as("the remote sleep runs").isZero();

            HomeportProcess.interrupt(homeport);

            assertThat(HomeportProcess.exitCode(homeport)).as(() -> read(errors)).isEqualTo(128 + 2);
            HomeportProcess.eventually(() -> assertThat(served("node", "exec", "rig", "--", "pgrep", "-f", sleep).exitCode())
                    .as("the remote sleep is gone").isEqualTo(1));
            assertThat(served("org", "list").exitCode()).as("the app still serves").isZero();
        } finally {
            homeport.destroyForcibly();
        }
    }

    /** The value of a secret variable of the one environment, from the open store. */
    private String revealed(String key) {
        long environment = open.inventory().tree().environments().getFirst().id();
        return open.inventory().reveal(open.inventory().variables(dev.homeport.model.VariableScope.ENVIRONMENT, environment).stream()
                .filter(v -> v.key().equals(key)).findFirst().orElseThrow()).reveal();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
