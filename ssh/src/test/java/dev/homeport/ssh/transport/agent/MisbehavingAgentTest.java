package dev.homeport.ssh.transport.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.sshd.common.SshException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agents that answer badly or not at all must fail the request quickly and say why. */
class MisbehavingAgentTest {
    @TempDir
    Path directory;

    @Test
    void anAgentThatNeverAnswersTimesOut() throws Exception {
        Path socket = directory.resolve("silent.sock");
        try (FakeAgent silent = FakeAgent.silent(socket)) {
            AgentClient client = new AgentClient(silent.socket(), Duration.ofMillis(300));

            long start = System.nanoTime();
            assertThatThrownBy(client::getIdentities)
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("The ssh-agent at " + socket)
                    .hasMessageContaining("did not answer within 300 ms");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
        }
    }

    @Test
    void anAbsurdlyLongAnswerIsRejectedUnread() throws Exception {
        Path socket = directory.resolve("huge.sock");
        byte[] announcesTwoGigabytes = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array();
        try (FakeAgent huge = FakeAgent.replying(socket, announcesTwoGigabytes)) {
            AgentClient client = new AgentClient(huge.socket(), Duration.ofSeconds(5));

            assertThatThrownBy(client::getIdentities)
                    .isInstanceOf(SshException.class)
                    .hasMessageContaining("announced a 2147483647-byte answer; answers must be 1 to 262144 bytes");
        }
    }

    @Test
    void anAnswerJustOverTheLimitIsRejected() throws Exception {
        Path socket = directory.resolve("over.sock");
        byte[] announcement = ByteBuffer.allocate(4).putInt(AgentSocket.MAX_MESSAGE_BYTES + 1).array();
        try (FakeAgent over = FakeAgent.replying(socket, announcement)) {
            assertThatThrownBy(new AgentClient(over.socket(), Duration.ofSeconds(5))::getIdentities)
                    .isInstanceOf(SshException.class)
                    .hasMessageContaining("announced a 262145-byte answer");
        }
    }

    @Test
    void anAgentThatHangsUpMidAnswerIsReported() throws Exception {
        Path socket = directory.resolve("hangup.sock");
        byte[] promisesTenBytesSendsOne = {0, 0, 0, 10, 12};
        try (FakeAgent hangUp = FakeAgent.replyingAndHangingUp(socket, promisesTenBytesSendsOne)) {
            assertThatThrownBy(new AgentClient(hangUp.socket(), Duration.ofSeconds(5))::getIdentities)
                    .isInstanceOf(EOFException.class)
                    .hasMessageContaining("closed the connection before answering in full");
        }
    }

    @Test
    void aTruncatedKeyListIsMalformed() throws Exception {
        Path socket = directory.resolve("truncated.sock");
        // SSH_AGENT_IDENTITIES_ANSWER claiming one key, then nothing.
        byte[] answer = {0, 0, 0, 5, 12, 0, 0, 0, 1};
        try (FakeAgent truncated = FakeAgent.replying(socket, answer)) {
            assertThatThrownBy(new AgentClient(truncated.socket(), Duration.ofSeconds(5))::getIdentities)
                    .isInstanceOf(SshException.class)
                    .hasMessageContaining("sent a malformed key list");
        }
    }

    @Test
    void aNegativeKeyCountIsMalformed() throws Exception {
        Path socket = directory.resolve("negative.sock");
        byte[] answer = {0, 0, 0, 5, 12, -1, -1, -1, -1};
        try (FakeAgent negative = FakeAgent.replying(socket, answer)) {
            assertThatThrownBy(new AgentClient(negative.socket(), Duration.ofSeconds(5))::getIdentities)
                    .isInstanceOf(SshException.class)
                    .hasMessageContaining("sent a malformed key list");
        }
    }

    @Test
    void aSocketNobodyListensOnCannotBeReached() throws Exception {
        Path socket = directory.resolve("stale.sock");
        FakeAgent.silent(socket).close();
        assertThat(socket).exists();

        assertThatThrownBy(new AgentClient(socket, Duration.ofSeconds(5))::getIdentities)
                .isInstanceOf(AgentUnavailableException.class)
                .hasMessageContaining("Cannot connect to the ssh-agent at " + socket)
                .hasMessageContaining("SSH_AUTH_SOCK");
    }

    @Test
    void aPlainFileIsNoAgent() throws Exception {
        Path notASocket = Files.writeString(directory.resolve("plain"), "hello");

        assertThatThrownBy(new AgentClient(notASocket, Duration.ofSeconds(5))::getIdentities)
                .isInstanceOf(AgentUnavailableException.class);
    }
}
