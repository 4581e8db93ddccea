package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.ssh.keys.SshKeys;
import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node and key commands against a real sshd in a node container. Each
 * test has its own Homeport home, so the container's host key is new to each.
 */
@ExtendWith(RigExtension.class)
class NodeConnectionCommandsTest {
    private static NodeContainer container;
    private static Rig rig;

    @TempDir
    Path root;
    private CliRunner cli;

    @BeforeAll
    static void start(Rig theRig) {
        rig = theRig;
        container = NodeContainer.start(rig);
    }

    @AfterAll
    static void stop() {
        if (container != null) {
            container.close();
        }
    }

    @BeforeEach
    void home() {
        cli = new CliRunner(root.resolve("home"));
    }

    @Test
    void aNodeIsAddedWithAKeyFileAndItsNewHostKeyAcceptedThenListedAndShown() {
        CliRunner.Result added = addWithRigKey("web", "--accept-new-host-key");

        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).contains("connected to  homeport@" + container.ip(), "logged in as  homeport", "system        Linux ",
                "round trip    ", "Added node 'web' (homeport@" + container.ip() + ", key file " + rig.sshKey() + ").");
        assertThat(added.err()).startsWith("Warning: Permanently added '" + container.ip() + "' (")
                .endsWith(") to Homeport's known hosts.\n");
        assertThat(cli.home.knownHosts()).content().startsWith(container.ip() + " ");
        JsonNode list = cli.json("node", "list", "--json");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("name").asText()).isEqualTo("web");
        assertThat(list.get(0).get("host").asText()).isEqualTo(container.ip());
        assertThat(list.get(0).get("port").asInt()).isEqualTo(22);
        assertThat(list.get(0).get("user").asText()).isEqualTo("homeport");
        assertThat(list.get(0).get("identity").get("kind").asText()).isEqualTo("key-file");
        assertThat(list.get(0).get("identity").get("file").asText()).isEqualTo(rig.sshKey().toString());
        JsonNode shown = cli.json("node", "show", "web", "--json");
        String type = shown.get("hostKey").get("type").asText();
        assertThat(shown.get("hostKey").get("fingerprint").asText()).isEqualTo(SshKeys.fingerprint(container.hostKey(hostKeyFile(type))));
        assertThat(added.err()).contains(shown.get("hostKey").get("fingerprint").asText());
    }

    @Test
    void anUnknownHostKeyOnPipedInputIsNotAcceptedAndNothingIsSaved() {
        CliRunner.Result refused = addWithRigKey("web");

        assertThat(refused.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(refused.err()).startsWith("homeport: The authenticity of host '" + container.ip() + "' can't be established. ")
                .contains(" key fingerprint is SHA256:", "pass --accept-new-host-key", "Nothing was saved.")
                .hasLineCount(1);
        assertThat(refused.out()).isEmpty();
        assertThat(cli.ok("node", "list")).isEmpty();
        assertThat(cli.home.knownHosts()).doesNotExist();
    }

    @Test
    void theHostKeyIsConfirmedAtTheTerminalAsOpenSshAsks() {
        CliRunner.Result no = cli.answering("no\n", addArgs("web"));
        CliRunner.Result unclear = cli.answering("sure\nyes\n", addArgs("web"));

        assertThat(no.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(no.out()).contains("The authenticity of host '" + container.ip() + "' can't be established.\n",
                " key fingerprint is SHA256:", ".\nAre you sure you want to continue connecting (yes/no)? ");
        assertThat(no.err()).isEqualTo("homeport: Host key verification failed: the key of '" + container.ip() + "' was not accepted.\n");
        assertThat(unclear.exitCode()).as(unclear.err()).isZero();
        assertThat(unclear.out()).contains("Please type 'yes', 'no' or the fingerprint: ", "Added node 'web'");
        assertThat(cli.ok("node", "list")).startsWith("web ");
    }

    @Test
    void aKeyTheServerRefusesSavesNothingAndSaysWhatWasTried() throws Exception {
        Path stranger = root.resolve("id_stranger");
        Files.createFile(stranger, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(stranger, SshKeys.generateEd25519("stranger", null).privateKey().reveal());

        CliRunner.Result refused = cli.run("node", "add", "web", "--host", container.ip(), "--user", "homeport",
                "--key", stranger.toString(), "--accept-new-host-key");

        assertThat(refused.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(refused.err()).endsWith("homeport: Authentication failed for homeport@" + container.ip()
                + ". Tried: publickey (key file " + stranger + ").\n");
        assertThat(cli.ok("node", "list")).isEmpty();
    }

    @Test
    void testReportsTheNodeAndPinsTheKeyOfANodeAddedWithoutTesting() {
        cli.ok("node", "add", "web", "--host", container.ip(), "--user", "homeport", "--key", rig.sshKey().toString(), "--no-test");

        CliRunner.Result unknown = cli.run("node", "test", "web");
        CliRunner.Result accepted = cli.run("node", "test", "web", "--accept-new-host-key", "--json");
        CliRunner.Result again = cli.run("node", "test", "web");

        assertThat(unknown.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(unknown.err()).contains("can't be established", "--accept-new-host-key").doesNotContain("Nothing was saved");
        assertThat(accepted.exitCode()).as(accepted.err()).isZero();
        JsonNode report = CliRunner.parse(accepted.out());
        assertThat(report.get("node").asText()).isEqualTo("web");
        assertThat(report.get("user").asText()).isEqualTo("homeport");
        assertThat(report.get("system").asText()).startsWith("Linux ");
        assertThat(report.get("roundTripMs").asLong()).isPositive();
        assertThat(cli.json("node", "show", "web", "--json").get("hostKey")).isEqualTo(report.get("hostKey"));
        assertThat(again.exitCode()).isZero();
        assertThat(again.err()).isEmpty();
        assertThat(again.out()).contains("logged in as  homeport");
    }

    @Test
    void aChangedHostKeyIsAlwaysRefused() {
        try (NodeContainer reinstalled = NodeContainer.start(rig)) {
            cli.ok("node", "add", "web", "--host", reinstalled.ip(), "--user", "homeport", "--key", rig.sshKey().toString(),
                    "--accept-new-host-key");
            reinstalled.regenerateHostKeys();

            CliRunner.Result changed = cli.answering("yes\n", "node", "test", "web", "--accept-new-host-key");
            CliRunner.Result exec = cli.run("node", "exec", "web", "--", "true");

            assertThat(changed.exitCode()).isEqualTo(Cli.FAILED);
            assertThat(changed.err()).startsWith("homeport: WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for '" + reinstalled.ip() + "'!")
                    .contains("Homeport refused to connect.").hasLineCount(1);
            assertThat(changed.out()).doesNotContain("Are you sure");
            assertThat(exec.exitCode()).isEqualTo(Cli.FAILED);
            assertThat(exec.err()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED");
        }
    }

    @Test
    void execStreamsBothOutputsAndExitsWithTheRemoteStatus() {
        assertThat(addWithRigKey("web", "--accept-new-host-key").exitCode()).isZero();

        CliRunner.Result seven = cli.run("node", "exec", "web", "--", "sh", "-c", "echo out; echo err >&2; echo more; exit 7");
        CliRunner.Result quoted = cli.run("node", "exec", "web", "--", "printf", "%s|", "a b", "it's", "$HOME", "*", "");
        CliRunner.Result noDashes = cli.run("node", "exec", "web", "ls", "-d", "/etc");
        CliRunner.Result signalled = cli.run("node", "exec", "web", "--", "sh", "-c", "kill -TERM $$");
        CliRunner.Result tabs = cli.run("node", "exec", "web", "--", "printf", "a\\tb\\n");

        assertThat(seven.exitCode()).isEqualTo(7);
        assertThat(seven.out()).isEqualTo("out\nmore\n");
        assertThat(seven.err()).isEqualTo("err\n");
        assertThat(quoted.exitCode()).isZero();
        assertThat(quoted.out()).isEqualTo("a b|it's|$HOME|*||\n");
        assertThat(noDashes.out()).isEqualTo("/etc\n");
        assertThat(signalled.exitCode()).isEqualTo(128 + 15);
        assertThat(tabs.out()).isEqualTo("a\tb\n");
    }

    @Test
    void execForwardsPipedInputAndEndsIt() {
        assertThat(addWithRigKey("web", "--accept-new-host-key").exitCode()).isZero();

        CliRunner.Result upper = cli.run(new ByteArrayInputStream("hello\nworld\n".getBytes(StandardCharsets.UTF_8)),
                "node", "exec", "web", "--", "tr", "a-z", "A-Z");
        CliRunner.Result counted = cli.run(new ByteArrayInputStream("x".repeat(1_000_000).getBytes(StandardCharsets.UTF_8)),
                "node", "exec", "web", "--", "wc", "-c");
        CliRunner.Result nothing = cli.run("node", "exec", "web", "--", "cat");

        assertThat(upper.exitCode()).isZero();
        assertThat(upper.out()).isEqualTo("HELLO\nWORLD\n");
        assertThat(counted.out().strip()).isEqualTo("1000000");
        assertThat(nothing.exitCode()).isZero();
        assertThat(nothing.out()).isEmpty();
    }

    @Test
    void aGeneratedKeyIsInstalledWithAPasswordThenANodeLogsInWithIt() {
        cli.ok("key", "generate", "laptop");
        String target = "homeport@" + container.ip();

        CliRunner.Result installed = cli.answering(rig.sshPassword() + "\n", "key", "install", "laptop", target, "--accept-new-host-key");
        CliRunner.Result again = cli.answering(rig.sshPassword() + "\n", "key", "install", "laptop", target);
        CliRunner.Result piped = cli.run("key", "install", "laptop", target);
        CliRunner.Result added = cli.run("node", "add", "web", "--host", container.ip(), "--user", "homeport", "--stored-key", "laptop");
        CliRunner.Result viaNode = cli.run("key", "install", "laptop", "web");

        assertThat(installed.exitCode()).as(installed.err()).isZero();
        assertThat(installed.out()).containsOnlyOnce(target + "'s password: ")
                .contains("Added key 'laptop' to ~/.ssh/authorized_keys of " + target + ".");
        assertThat(installed.err()).startsWith("Warning: Permanently added '" + container.ip() + "'");
        assertThat(installed.out() + installed.err()).doesNotContain(rig.sshPassword());
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).containsOnlyOnce(target + "'s password: ").contains("was already present")
                .doesNotContain("authenticity");
        assertThat(piped.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(piped.err()).isEqualTo("homeport: A password is needed for " + target + ", and none was given.\n");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).contains("logged in as  homeport", "stored key laptop");
        assertThat(viaNode.exitCode()).as(viaNode.err()).isZero();
        assertThat(viaNode.out()).contains("was already present");
        assertThat(cli.ok("node", "exec", "web", "--", "whoami")).isEqualTo("homeport\n");
        CliRunner.Result removeKey = cli.run("key", "remove", "laptop", "--yes");
        assertThat(removeKey.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(removeKey.err()).contains("used by node(s) web");
    }

    @Test
    void theHostKeyIsConfirmedBeforeThePasswordIsAsked() {
        cli.ok("key", "generate", "laptop");
        String target = "homeport@" + container.ip();

        CliRunner.Result installed = cli.answering("yes\n" + rig.sshPassword() + "\n", "key", "install", "laptop", target);

        assertThat(installed.exitCode()).as(installed.err()).isZero();
        String prompts = installed.out();
        assertThat(prompts.indexOf("Are you sure you want to continue connecting (yes/no)? "))
                .isNotNegative().isLessThan(prompts.indexOf(target + "'s password: "));
        assertThat(prompts).containsOnlyOnce(target + "'s password: ");
    }

    @Test
    void aPasswordIsStoredOnlyWhenAskedToAndOtherwiseAskedAtEachConnection() {
        CliRunner.Result stored = cli.answering(rig.sshPassword() + "\n", "node", "add", "stored", "--host", container.ip(),
                "--user", "homeport", "--password", "--store-password", "--accept-new-host-key");
        CliRunner.Result asked = cli.answering(rig.sshPassword() + "\n", "node", "add", "asked", "--host", container.ip(),
                "--user", "homeport", "--password");
        CliRunner.Result wrong = cli.answering("not-the-password\n", "node", "add", "wrong", "--host", container.ip(),
                "--user", "homeport", "--password", "--store-password");

        assertThat(stored.exitCode()).as(stored.err()).isZero();
        assertThat(stored.out()).contains("homeport@" + container.ip() + "'s password: ", "password (stored)");
        assertThat(asked.exitCode()).as(asked.err()).isZero();
        assertThat(asked.out()).contains("homeport@" + container.ip() + "'s password: ", "password (asked each time)");
        assertThat(wrong.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(wrong.err()).contains("Authentication failed for homeport@" + container.ip() + ". Tried: password.");
        assertThat(cli.ok("node", "list").lines().map(l -> l.split(" ")[0])).containsExactly("asked", "stored");
        // The stored password logs in without a terminal; the other one needs someone to type it.
        assertThat(cli.run("node", "exec", "stored", "--", "whoami").out()).isEqualTo("homeport\n");
        CliRunner.Result noTerminal = cli.run("node", "exec", "asked", "--", "whoami");
        assertThat(noTerminal.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(noTerminal.err()).isEqualTo("homeport: A password is needed for homeport@" + container.ip() + ", and none was given.\n");
        CliRunner.Result typed = cli.answering(rig.sshPassword() + "\n", "node", "exec", "asked", "--", "whoami");
        assertThat(typed.out()).endsWith("homeport\n");
    }

    @Test
    void ctrlCStopsTheRemoteCommand() throws Exception {
        assertThat(addWithRigKey("web", "--accept-new-host-key").exitCode()).isZero();
        // A duration no other test uses, to find the remote process by.
        String sleep = "sleep " + (4000 + System.nanoTime() % 1000);
        Path errors = root.resolve("stderr");
        Process homeport = HomeportProcess.start(cli.home, errors, "node", "exec", "web", "--", "sh", "-c", "echo started; exec " + sleep);
        try {
            assertThat(HomeportProcess.firstLine(homeport)).as(() -> read(errors)).isEqualTo("started");
            assertThat(remoteProcesses(sleep)).isNotEmpty();

            HomeportProcess.interrupt(homeport);

            assertThat(HomeportProcess.exitCode(homeport)).as(() -> read(errors)).isEqualTo(128 + 2);
            HomeportProcess.eventually(() -> assertThat(remoteProcesses(sleep)).isEmpty());
        } finally {
            homeport.destroyForcibly();
        }
    }

    @Test
    void aNodeIsAddedByItsSshConfigAliasAndReachedThroughIt() throws Exception {
        // A user home of its own, so the test neither reads nor touches the real ~/.ssh.
        Path userHome = Files.createDirectories(root.resolve("user"));
        Files.createDirectories(userHome.resolve(".ssh"));
        Files.writeString(userHome.resolve(".ssh/config"), """
                Host web-alias
                    HostName %s
                    User homeport
                    IdentityFile %s
                """.formatted(container.ip(), rig.sshKey()));
        List<String> java = List.of("-Duser.home=" + userHome);

        HomeportProcess.Result added = HomeportProcess.run(cli.home, root, java, "node", "add", "web", "--alias", "web-alias",
                "--accept-new-host-key");
        HomeportProcess.Result unknown = HomeportProcess.run(cli.home, root, java, "node", "add", "db", "--alias", "db-alias");
        HomeportProcess.Result exec = HomeportProcess.run(cli.home, root, java, "node", "exec", "web", "--", "whoami");

        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).contains("logged in as  homeport", "Added node 'web' (homeport@web-alias, as ~/.ssh/config says).");
        assertThat(unknown.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(unknown.err()).contains("homeport: No Host entry in " + userHome.resolve(".ssh/config") + " matches 'db-alias'");
        assertThat(exec.out()).isEqualTo("homeport\n");
        JsonNode web = cli.json("node", "show", "web", "--json");
        assertThat(web.get("host").asText()).isEqualTo("web-alias");
        assertThat(web.get("port").asInt()).isEqualTo(22);
        assertThat(web.get("user").asText()).isEqualTo("homeport");
        assertThat(web.get("identity").get("kind").asText()).isEqualTo("ssh-config");
        assertThat(web.get("hostKey").isNull()).isFalse();
    }

    /** The remote processes whose command line is {@code command}; the brackets keep pgrep's own shell out. */
    private String remoteProcesses(String command) {
        return container.sh("pgrep -f '[" + command.charAt(0) + "]" + command.substring(1) + "' || true");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private CliRunner.Result addWithRigKey(String name, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(addArgs(name)));
        args.addAll(List.of(more));
        return cli.run(args.toArray(String[]::new));
    }

    private String[] addArgs(String name) {
        return new String[] {"node", "add", name, "--host", container.ip(), "--user", "homeport", "--key", rig.sshKey().toString()};
    }

    /** The file name part of the container's host key of an OpenSSH key type. */
    private static String hostKeyFile(String type) {
        return type.contains("ed25519") ? "ed25519" : type.startsWith("ecdsa") ? "ecdsa" : "rsa";
    }
}
