package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.model.ValidationException;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.keys.SshKeys;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key commands that need no server; keys are checked with the real ssh-keygen. */
class KeyCommandsTest {
    private static final String PASSPHRASE = "open sesame";

    @TempDir
    Path root;

    @Test
    void aGeneratedKeyIsKeptInTheVaultAndListed() {
        CliRunner cli = new CliRunner(root.resolve("home"));

        CliRunner.Result generated = cli.run("key", "generate", "laptop");
        cli.ok("key", "generate", "ci", "--comment", "ci@build");

        assertThat(generated.exitCode()).isZero();
        String publicKey = cli.ok("key", "show", "laptop").strip();
        String fingerprint = SshKeys.fingerprint(publicKey);
        assertThat(publicKey).matches("ssh-ed25519 AAAA\\S+ laptop");
        assertThat(generated.out()).isEqualTo("Created key 'laptop' in the vault: ED25519 " + fingerprint + "\n" + publicKey + "\n");
        assertThat(cli.ok("key", "list").lines().map(line -> List.of(line.split(" {2,}")))).containsExactly(
                List.of("ci", "ED25519", SshKeys.fingerprint(cli.ok("key", "show", "ci")), "ci@build"),
                List.of("laptop", "ED25519", fingerprint, "laptop"));
        JsonNode list = cli.json("key", "list", "--json");
        assertThat(list.get(1).get("name").asText()).isEqualTo("laptop");
        assertThat(list.get(1).get("type").asText()).isEqualTo("ssh-ed25519");
        assertThat(list.get(1).get("fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(list.get(1).get("comment").asText()).isEqualTo("laptop");
        JsonNode shown = cli.json("key", "show", "laptop", "--json");
        assertThat(shown.get("publicKey").asText()).isEqualTo(publicKey);
        assertThat(shown.get("nodes")).isEmpty();
        assertThat(list.toString() + shown).doesNotContain("PRIVATE");
        AtomicReference<String> privateKey = new AtomicReference<>();
        cli.withHomeport(homeport -> privateKey.set(homeport.keys().privateKey(homeport.keys().identity("laptop")).reveal()));
        assertThat(privateKey.get()).contains("BEGIN OPENSSH PRIVATE KEY");
        // Kept without a passphrase of its own: the vault encrypts it, and connecting needs no question.
        assertThat(SshKeys.read("laptop", Secret.of(privateKey.get()), Prompts.NONE).publicKey()).startsWith(publicKey.substring(0, 80));
    }

    @Test
    void aKeyPairIsWrittenToFilesThatSshKeygenReadsAndNeverOverwritten() throws Exception {
        CliRunner cli = new CliRunner(root.resolve("home"));
        Path file = root.resolve("id_deploy");

        CliRunner.Result written = cli.run("key", "generate", "deploy", "--file", file.toString(), "--comment", "deploy@ci");
        String privateBefore = Files.readString(file);
        CliRunner.Result again = cli.run("key", "generate", "deploy", "--file", file.toString());

        assertThat(written.exitCode()).isZero();
        assertThat(written.out()).startsWith("Wrote the private key to " + file + " and the public key to " + file + ".pub: ED25519 SHA256:");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String publicKey = Files.readString(Path.of(file + ".pub")).strip();
        assertThat(publicKey).endsWith(" deploy@ci");
        assertThat(Processes.run("ssh-keygen", "-y", "-P", "", "-f", file.toString())).startsWith(firstTwo(publicKey));
        assertThat(again.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(again.err()).isEqualTo("homeport: " + file + " already exists; nothing was written (Homeport never overwrites a key file).\n");
        assertThat(Files.readString(file)).isEqualTo(privateBefore);
        assertThat(cli.ok("key", "list")).isEmpty();
    }

    @Test
    void aKeyFileCanBeEncryptedWithAPassphraseTypedTwice() throws Exception {
        CliRunner cli = new CliRunner(root.resolve("home"));
        Path file = root.resolve("id_locked");

        CliRunner.Result piped = cli.run("key", "generate", "locked", "--file", file.toString(), "--passphrase");
        String[] generate = {"key", "generate", "locked", "--file", file.toString(), "--passphrase"};
        CliRunner.Result differ = cli.answering(PASSPHRASE + "\nopen sesame!\n", generate);
        assertThat(file).doesNotExist();
        CliRunner.Result typed = cli.answering(PASSPHRASE + "\n" + PASSPHRASE + "\n", generate);

        assertThat(piped.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(piped.err()).contains("--passphrase needs a terminal");
        assertThat(differ.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(differ.err()).contains("differ");
        assertThat(typed.exitCode()).isZero();
        assertThat(typed.out()).contains("Passphrase for the new key: ", "The same passphrase again: ", "encrypted with your passphrase");
        String publicKey = Files.readString(Path.of(file + ".pub")).strip();
        assertThat(Processes.call(List.of("ssh-keygen", "-y", "-P", "", "-f", file.toString()), null).exit()).isNotZero();
        assertThat(Processes.run("ssh-keygen", "-y", "-P", PASSPHRASE, "-f", file.toString())).startsWith(firstTwo(publicKey));
    }

    @Test
    void anSshKeygenKeyWithAPassphraseIsImportedWithThePassphraseTypedAtTheTerminal() throws Exception {
        CliRunner cli = new CliRunner(root.resolve("home"));
        Path file = root.resolve("id_ed25519");
        Processes.run("ssh-keygen", "-q", "-t", "ed25519", "-N", PASSPHRASE, "-C", "ada@laptop", "-f", file.toString());
        String expected = Processes.run("ssh-keygen", "-l", "-E", "sha256", "-f", file + ".pub").split(" ")[1];

        CliRunner.Result piped = cli.run("key", "import", "laptop", file.toString());
        CliRunner.Result wrong = cli.answering("one\ntwo\nthree\n", "key", "import", "laptop", file.toString());
        assertThat(cli.ok("key", "list")).isEmpty();
        CliRunner.Result typed = cli.answering(PASSPHRASE + "\n", "key", "import", "laptop", file.toString());

        assertThat(piped.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(piped.err()).isEqualTo("homeport: The key laptop is protected by a passphrase, and none was given.\n");
        assertThat(wrong.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(wrong.err()).contains("wrong passphrase");
        assertThat(wrong.out()).contains("Enter passphrase for key 'laptop': ", "Wrong passphrase. Enter passphrase");
        assertThat(typed.exitCode()).isZero();
        assertThat(typed.out()).endsWith("Imported key 'laptop' into the vault: ED25519 " + expected + "\n");
        assertThat(cli.json("key", "list", "--json").get(0).get("fingerprint").asText()).isEqualTo(expected);
        // The vault keeps it without the passphrase: connecting with it asks nothing.
        AtomicReference<String> privateKey = new AtomicReference<>();
        cli.withHomeport(homeport -> privateKey.set(homeport.keys().privateKey(homeport.keys().identity("laptop")).reveal()));
        assertThat(SshKeys.fingerprint(SshKeys.read("laptop", Secret.of(privateKey.get()), Prompts.NONE).publicKey())).isEqualTo(expected);
    }

    @Test
    void anRsaKeyWithoutPassphraseIsImportedFromStdin() throws Exception {
        CliRunner cli = new CliRunner(root.resolve("home"));
        Path file = root.resolve("id_rsa");
        Processes.run("ssh-keygen", "-q", "-t", "rsa", "-b", "3072", "-N", "", "-f", file.toString());

        CliRunner.Result imported = cli.run(Files.newInputStream(file), "key", "import", "old-rsa", "-");

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(cli.ok("key", "list")).startsWith("old-rsa  RSA  SHA256:");
    }

    @Test
    void aKeyIsRemovedAfterAskingButNotWhileANodeUsesIt() {
        CliRunner cli = new CliRunner(root.resolve("home"));
        cli.ok("key", "generate", "laptop");
        cli.ok("key", "generate", "spare");
        cli.ok("node", "add", "web", "--host", "10.0.0.5", "--stored-key", "laptop", "--no-test");

        CliRunner.Result inUse = cli.run("key", "remove", "laptop", "--yes");
        CliRunner.Result piped = cli.run("key", "remove", "spare");
        CliRunner.Result no = cli.answering("no\n", "key", "remove", "spare");
        CliRunner.Result yes = cli.answering("y\n", "key", "remove", "spare");

        assertThat(inUse.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(inUse.err()).isEqualTo("homeport: Key 'laptop' is used by node(s) web; remove them or give them another identity"
                + " first. Nothing was removed.\n");
        assertThat(cli.json("key", "show", "laptop", "--json").get("nodes").get(0).asText()).isEqualTo("web");
        assertThat(piped.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(no.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(yes.exitCode()).isZero();
        assertThat(yes.out()).contains("Remove key 'spare' (ED25519 SHA256:", "Remove? [y/N] ", "Removed key 'spare'.");
        assertThat(cli.ok("key", "list")).startsWith("laptop ").doesNotContain("spare");
        cli.ok("node", "remove", "web", "--yes");
        assertThat(cli.run("key", "remove", "laptop", "--yes").exitCode()).isZero();
        assertThat(cli.ok("key", "list")).isEmpty();
    }

    @Test
    void aNameInUseIsRefusedBeforeThePassphraseIsAsked() throws Exception {
        CliRunner cli = new CliRunner(root.resolve("home"));
        cli.ok("key", "generate", "laptop");
        Path file = root.resolve("id");
        Processes.run("ssh-keygen", "-q", "-t", "ed25519", "-N", PASSPHRASE, "-f", file.toString());

        CliRunner.Result generated = cli.run("key", "generate", "laptop");
        CliRunner.Result imported = cli.answering(PASSPHRASE + "\n", "key", "import", "laptop", file.toString());

        assertThat(generated.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(generated.err()).isEqualTo("homeport: name: an SSH identity named 'laptop' already exists\n");
        assertThat(imported.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(imported.out()).doesNotContain("passphrase");
    }

    @Test
    void aCommentIsOneLine() {
        CliRunner cli = new CliRunner(root.resolve("home"));

        CliRunner.Result twoLines = cli.run("key", "generate", "laptop", "--comment", "ada\nssh-rsa AAAA evil");

        assertThat(twoLines.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(twoLines.err()).isEqualTo("homeport: --comment: must be one line of text without control characters\n");
        assertThat(cli.ok("key", "list")).isEmpty();
    }

    @Test
    void installingOnAnUnknownNodeSaysHowToNameAServer() {
        CliRunner cli = new CliRunner(root.resolve("home"));
        cli.ok("key", "generate", "laptop");

        CliRunner.Result missing = cli.run("key", "install", "laptop", "web");

        assertThat(missing.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(missing.err()).isEqualTo("homeport: No worker node named 'web'. To install on a server that is not a node,"
                + " give USER@HOST[:PORT].\n");
    }

    @Test
    void aServerIsNamedUserAtHostWithAnOptionalPort() {
        assertThat(KeyCmd.passwordLogin("deploy@10.0.0.5")).extracting(WorkerNode::user, WorkerNode::host, WorkerNode::port)
                .containsExactly("deploy", "10.0.0.5", 22);
        assertThat(KeyCmd.passwordLogin("deploy@web.example.com:2222")).extracting(WorkerNode::host, WorkerNode::port)
                .containsExactly("web.example.com", 2222);
        assertThat(KeyCmd.passwordLogin("root@[fd00::5]:2200")).extracting(WorkerNode::host, WorkerNode::port)
                .containsExactly("fd00::5", 2200);
        assertThat(KeyCmd.passwordLogin("root@fd00::5")).extracting(WorkerNode::host, WorkerNode::port)
                .containsExactly("fd00::5", 22);
        assertThatThrownBy(() -> KeyCmd.passwordLogin("root@host:ssh")).isInstanceOf(ValidationException.class)
                .hasMessage("port: must be a number, got 'ssh'");
        assertThatThrownBy(() -> KeyCmd.passwordLogin("@host")).isInstanceOf(ValidationException.class);
    }

    private static String firstTwo(String publicKeyLine) {
        String[] parts = publicKeyLine.strip().split("\\s+");
        return parts[0] + " " + parts[1];
    }
}
