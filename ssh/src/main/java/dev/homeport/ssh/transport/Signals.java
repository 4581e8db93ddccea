package dev.homeport.ssh.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * Stops a remote command: a "signal" channel request (RFC 4254 §6.9, which
 * OpenSSH's sshd honours) sends SIGTERM to the process, then the channel is
 * closed. SSHD has no method for this request, so it is written here.
 */
final class Signals {
    private static final Map<String, Integer> NUMBERS = Map.of("HUP", 1, "INT", 2, "QUIT", 3, "KILL", 9, "PIPE", 13, "TERM", 15);

    private Signals() {
    }

    static void terminate(ChannelExec channel) {
        send(channel, "TERM");
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(2));
        channel.close(true);
    }

    static void send(ChannelExec channel, String signal) {
        if (!channel.isOpen()) {
            return;
        }
        try {
            Buffer request = channel.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
            request.putUInt(channel.getRecipient());
            request.putString("signal");
            request.putBoolean(false);
            request.putString(signal);
            channel.getSession().writePacket(request);
        } catch (IOException ignored) {
            // the channel is closing anyway
        }
    }

    static int number(String signal) {
        return NUMBERS.getOrDefault(signal, 15);
    }
}
