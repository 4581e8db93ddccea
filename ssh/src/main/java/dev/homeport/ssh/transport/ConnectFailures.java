package dev.homeport.ssh.transport;

import dev.homeport.ssh.transport.NodeException.Kind;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Turns what the network and SSHD throw into a {@link NodeException} that says what happened. */
final class ConnectFailures {
    private ConnectFailures() {
    }

    /** A failure while opening the TCP connection and exchanging keys. */
    static NodeException connecting(SshTarget target, Throwable failure, Duration timeout) {
        String where = target.host() + ":" + target.port();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
                return new NodeException(Kind.UNREACHABLE, "Host unreachable: the name '" + target.host() + "' does not resolve.", failure);
            }
            if (cause instanceof NoRouteToHostException || mentions(cause, "No route to host") || mentions(cause, "Network is unreachable")) {
                return new NodeException(Kind.UNREACHABLE, "Host unreachable: there is no route to " + where + ".", failure);
            }
            if (cause instanceof ConnectException && mentions(cause, "refused")) {
                return new NodeException(Kind.REFUSED, "Connection refused by " + where + ": nothing listens on port " + target.port() + ".", failure);
            }
            if (isTimeout(cause)) {
                return timedOut(target, timeout, failure);
            }
        }
        return new NodeException(Kind.PROTOCOL, "Cannot connect to " + where + ": " + failure.getMessage(), failure);
    }

    /** A failure after the TCP connection was made: key exchange or authentication. */
    static NodeException authenticating(SshTarget target, Throwable failure, Duration timeout, String tried) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (isTimeout(cause)) {
                return timedOut(target, timeout, failure);
            }
            if (mentions(cause, "No more authentication methods") || mentions(cause, "authentication")) {
                return new NodeException(Kind.AUTH_FAILED, "Authentication failed for " + target.address() + ". Tried: " + tried + ".", failure);
            }
        }
        return new NodeException(Kind.PROTOCOL, "The SSH handshake with " + target.address() + " failed: " + failure.getMessage(), failure);
    }

    static NodeException timedOut(SshTarget target, Duration timeout, Throwable failure) {
        return new NodeException(Kind.TIMED_OUT, "Timed out: " + target.host() + ":" + target.port() + " did not answer within "
                + timeout.toSeconds() + " s.", failure);
    }

    private static boolean isTimeout(Throwable cause) {
        return cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException
                || cause instanceof java.nio.channels.InterruptedByTimeoutException
                || mentions(cause, "timeout") || mentions(cause, "timed out");
    }

    private static boolean mentions(Throwable cause, String text) {
        return cause.getMessage() != null && cause.getMessage().toLowerCase(java.util.Locale.ROOT).contains(text.toLowerCase(java.util.Locale.ROOT));
    }
}
