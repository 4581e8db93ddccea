package dev.homeport.ssh.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.Credentials;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.transport.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Keys made here are read by the real ssh-keygen, and installed on a node the way ssh-copy-id does. */
class SshKeysTest {
    @TempDir
    Path folder;

    @Test
    void aGeneratedKeyIsReadByOpenSsh() throws Exception {
        SshKeys.KeyText key = SshKeys.generateEd25519("ada@laptop", null);
        Path file = writePrivate(key);
        assertThat(key.publicKey()).startsWith("ssh-ed25519 ").endsWith(" ada@laptop");
        assertThat(Processes.run("ssh-keygen", "-y", "-f", file.toString())).startsWith(firstTwo(key.publicKey()));
        Files.writeString(folder.resolve("k.pub"), key.publicKey() + "\n");
        assertThat(Processes.run("ssh-keygen", "-l", "-E", "sha256", "-f", folder.resolve("k.pub").toString()))
                .contains(key.fingerprint());
    }

    @Test
    void aPassphraseEncryptsItTheWayOpenSshDoes() throws Exception {
        SshKeys.KeyText key = SshKeys.generateEd25519("locked", Secret.of("open sesame"));
        Path file = writePrivate(key);
        assertThat(key.privateKey().reveal()).contains("BEGIN OPENSSH PRIVATE KEY");
        assertThat(Processes.call(java.util.List.of("ssh-keygen", "-y", "-P", "", "-f", file.toString()), null).exit()).isNotZero();
        assertThat(Processes.run("ssh-keygen", "-y", "-P", "open sesame", "-f", file.toString())).startsWith(firstTwo(key.publicKey()));
        // And Homeport reads it back with the same passphrase.
        SshKeys.KeyText reread = SshKeys.read("locked", key.privateKey(), new Prompts() {
            @Override
            public Secret keyPassphrase(String keyFile, int attempt) {
                return Secret.of("open sesame");
            }

            @Override
            public Secret password(String userAtHost, int attempt) {
                return null;
            }
        });
        assertThat(firstTwo(reread.publicKey())).isEqualTo(firstTwo(key.publicKey()));
    }

    @Test
    void aKeyMadeByOpenSshIsRead() throws Exception {
        Path file = folder.resolve("rsa");
        Processes.run("ssh-keygen", "-q", "-t", "rsa", "-b", "3072", "-N", "", "-C", "made-by-ssh-keygen", "-f", file.toString());
        SshKeys.KeyText key = SshKeys.read("imported", Secret.of(Files.readString(file)), Prompts.NONE);
        assertThat(firstTwo(key.publicKey())).isEqualTo(firstTwo(Files.readString(Path.of(file + ".pub"))));
    }

    @Test
    void theInstallCommandIsFixedTextWithTheKeyAsValues() {
        String line = SshKeys.generateEd25519("c", null).publicKey();
        String rendered = KeyInstaller.command(line).render();
        assertThat(rendered).startsWith("sh -c ").endsWith(" sh '" + firstTwo(line) + "' '" + line + "'");
    }

    @Test
    @ExtendWith(RigExtension.class)
    void installingTwiceAddsOnceAndThenTheKeyLogsIn(Rig rig) throws Exception {
        try (NodeContainer node = NodeContainer.start(rig);
             NodeConnections connections = new NodeConnections(RigTargets.settings(rig, folder))) {
            connections.hostKeys().accept(node.ip(), 22, node.hostKey("ed25519"));
            SshKeys.KeyText key = SshKeys.generateEd25519("homeport-test", null);
            // A one-time password login, as ssh-copy-id does; the password is not kept anywhere.
            SshTarget withPassword = new SshTarget("node-password", node.ip(), 22, node.user(), new Credentials.Password(null));
            Prompts askOnce = new Prompts() {
                @Override
                public Secret keyPassphrase(String keyFile, int attempt) {
                    return null;
                }

                @Override
                public Secret password(String userAtHost, int attempt) {
                    return Secret.of(rig.sshPassword());
                }
            };
            assertThat(KeyInstaller.install(connections.to(withPassword, askOnce), key.publicKey())).isEqualTo(KeyInstaller.Outcome.ADDED);
            assertThat(KeyInstaller.install(connections.to(withPassword, askOnce), key.publicKey())).isEqualTo(KeyInstaller.Outcome.ALREADY_PRESENT);
            connections.disconnect(withPassword);
            assertThat(node.sh("grep -c '" + firstTwo(key.publicKey()).split(" ")[1] + "' /home/homeport/.ssh/authorized_keys")).isEqualTo("1");

            SshTarget withKey = new SshTarget("node-key", node.ip(), 22, node.user(),
                    new Credentials.KeyFile(writePrivate(key)));
            assertThat(connections.to(withKey, Prompts.NONE).exec(Command.of("whoami")).out().strip()).isEqualTo("homeport");
        }
    }

    private Path writePrivate(SshKeys.KeyText key) throws Exception {
        Path file = folder.resolve("id_" + System.nanoTime());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, key.privateKey().reveal());
        return file;
    }

    private static String firstTwo(String publicKeyLine) {
        String[] parts = publicKeyLine.strip().split("\\s+");
        return parts[0] + " " + parts[1];
    }
}
