package dev.homeport.ssh.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node's connection shared by callers with different prompts, against the rig's sshd, with
 * the rig's key re-encrypted under a passphrase so that each login has to ask for it.
 */
@ExtendWith(RigExtension.class)
class SharedLoginTest {
    private static final String PASSPHRASE = "shared login passphrase";
    @TempDir
    Path folder;
    private NodeConnections connections;
    private SshTarget target;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void encryptedKey(Rig rig) throws Exception {
        Path key = folder.resolve("id_shared_login");
        Files.copy(rig.sshKey(), key, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Processes.run("ssh-keygen", "-q", "-p", "-P", "", "-N", PASSPHRASE, "-f", key.toString());
        connections = new NodeConnections(RigTargets.settings(rig, folder));
        target = new SshTarget("shared-login", rig.sshHost(), rig.sshPort(), rig.sshUser(), new Credentials.KeyFile(key));
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        connections.close();
    }

    @Test
    void isConnectedAnswersAtOnceWhileALoginWaitsForThePassphrase() throws Exception {
        Asking dialog = new Asking(PASSPHRASE);
        NodeConnection connection = connections.to(target, dialog);
        Future<?> login = threads.submit(connection::connect);
        assertThat(dialog.asked.await(20, TimeUnit.SECONDS)).as("the login asks for the passphrase").isTrue();

        // The login now sits in the prompt, as it would while the user reads the dialog.
        assertThat(threads.submit(connection::isConnected).get(2, TimeUnit.SECONDS)).isFalse();
        assertThat(threads.submit(() -> connections.isConnected(target.name())).get(2, TimeUnit.SECONDS)).isFalse();
        NodeConnection another = connections.to(target, Prompts.NONE);
        assertThat(threads.submit(another::isConnected).get(2, TimeUnit.SECONDS)).isFalse();

        dialog.answer.countDown();
        login.get(20, TimeUnit.SECONDS);
        assertThat(connection.isConnected()).isTrue();
        assertThat(another.isConnected()).as("one connection, seen by both").isTrue();
    }

    @Test
    void aCallerWithoutPromptsDoesNotReplaceADialogsPrompts() {
        Asking dialog = new Asking(PASSPHRASE);
        dialog.answer.countDown();
        NodeConnection fromTheDialog = connections.to(target, dialog);
        Recording healthCheck = new Recording();
        // The health monitor asks for the same node, with prompts that answer nothing, just before the dialog's login.
        NodeConnection fromTheMonitor = connections.to(target, healthCheck);

        fromTheDialog.connect();

        assertThat(dialog.times).hasSize(1);
        assertThat(healthCheck.times).isEmpty();
        assertThat(fromTheMonitor.exec(Command.of("echo", "shared")).out()).as("the monitor uses the dialog's session").isEqualTo("shared\n");
        assertThat(healthCheck.times).isEmpty();
    }

    @Test
    void aCallerThatCannotAskWaitsForTheLoginUnderWayAndSharesItsSession() throws Exception {
        Asking dialog = new Asking(PASSPHRASE);
        Recording healthCheck = new Recording();
        Future<?> login = threads.submit(() -> connections.to(target, dialog).connect());
        assertThat(dialog.asked.await(20, TimeUnit.SECONDS)).isTrue();
        Future<String> check = threads.submit(() -> connections.to(target, healthCheck).exec(Command.script("echo $SSH_CONNECTION")).out());
        Thread.sleep(300);
        assertThat(check).as("waits for the login in the dialog").isNotDone();

        dialog.answer.countDown();
        login.get(20, TimeUnit.SECONDS);
        String checkedOn = check.get(20, TimeUnit.SECONDS);
        assertThat(healthCheck.times).as("no second login, no second question").isEmpty();
        assertThat(dialog.times).hasSize(1);
        assertThat(connections.to(target, Prompts.NONE).exec(Command.script("echo $SSH_CONNECTION")).out()).isEqualTo(checkedOn);
    }

    @Test
    void whenTheLoginUnderWayGetsNoAnswerAWaitingCallerLogsInWithItsOwnPrompts() throws Exception {
        Asking givesUp = new Asking(null);
        Asking dialog = new Asking(PASSPHRASE);
        dialog.answer.countDown();
        Future<?> first = threads.submit(() -> connections.to(target, givesUp).connect());
        assertThat(givesUp.asked.await(20, TimeUnit.SECONDS)).isTrue();
        Future<?> second = threads.submit(() -> connections.to(target, dialog).connect());
        Thread.sleep(300);
        assertThat(dialog.times).as("waits for the login under way").isEmpty();

        givesUp.answer.countDown();
        assertThatThrownBy(() -> first.get(20, TimeUnit.SECONDS))
                .hasMessageContaining("is protected by a passphrase, and none was given.");
        second.get(20, TimeUnit.SECONDS);
        assertThat(dialog.times).hasSize(1);
        assertThat(connections.isConnected(target.name())).isTrue();
    }

    /** A dialog: says it was asked, waits until the test lets the user answer, then answers. */
    private static final class Asking extends Recording {
        final CountDownLatch asked = new CountDownLatch(1);
        final CountDownLatch answer = new CountDownLatch(1);
        private final String given;

        Asking(String given) {
            this.given = given;
        }

        @Override
        public Secret keyPassphrase(String keyFile, int attempt) {
            super.keyPassphrase(keyFile, attempt);
            asked.countDown();
            try {
                if (!answer.await(30, TimeUnit.SECONDS)) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            return given == null ? null : Secret.of(given);
        }
    }

    /** Prompts that answer nothing and note when they were asked. */
    private static class Recording implements Prompts {
        final List<Integer> times = new CopyOnWriteArrayList<>();

        @Override
        public Secret keyPassphrase(String keyFile, int attempt) {
            times.add(attempt);
            return null;
        }

        @Override
        public Secret password(String userAtHost, int attempt) {
            throw new AssertionError("no password should be asked");
        }
    }
}
