package dev.homeport.app.desktop.nodes;

import dev.homeport.app.desktop.Dialogs;
import dev.homeport.ssh.nodes.NodeService.ConnectionReport;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.HostKeyInfo;
import dev.homeport.ssh.transport.NodeException;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/** Words for what a connection test found, shared by the page and the add-node dialog. */
final class NodeMessages {
    private NodeMessages() {
    }

    /** The failure's own message where it is written for the user (node, input, store); otherwise the generic one. */
    static String of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof NodeException || cause instanceof UncheckedIOException) {
                return cause.getMessage();
            }
        }
        return Dialogs.userMessage(failure);
    }

    /** A few words for the state label: "refused", "timed out", "host key changed". */
    static String shortReason(NodeException failure) {
        if (failure instanceof HostKeyException hostKey) {
            return switch (hostKey.reason()) {
                case UNKNOWN -> "unknown host key";
                case CHANGED -> "host key changed";
                case REVOKED -> "host key revoked";
            };
        }
        return switch (failure.kind()) {
            case UNREACHABLE -> "unreachable";
            case REFUSED -> "connection refused";
            case TIMED_OUT -> "timed out";
            case AUTH_FAILED -> "authentication failed";
            case HOST_KEY_REJECTED -> "host key rejected";
            case DISCONNECTED -> "disconnected";
            case COMMAND_TIMED_OUT -> "command timed out";
            case PROTOCOL -> "SSH error";
        };
    }

    /** "Connected as homeport to Linux 6.1.0 x86_64; round trip 84 ms." */
    static String report(ConnectionReport report) {
        return "Connected as " + report.user() + (report.system().isBlank() ? "" : " to " + report.system())
                + "; round trip " + report.roundTrip().toMillis() + " ms.";
    }

    /** Where the host is, as OpenSSH names it: bare for port 22, {@code [host]:port} otherwise. */
    static String where(HostKeyException problem) {
        return problem.port() == 22 ? problem.host() : "[" + problem.host() + "]:" + problem.port();
    }

    /** The OpenSSH-style warning for a changed key, with both fingerprints on their own lines. */
    static String changed(HostKeyException problem) {
        return "WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for " + where(problem) + ".\n"
                + "Someone could be eavesdropping on you right now (man-in-the-middle attack), or the host key has just been changed, "
                + "for example because the server was reinstalled. Homeport refused to connect.\n\n"
                + "Key on record: " + problem.known().stream().map(NodeMessages::fingerprint).collect(Collectors.joining(", ")) + "\n"
                + "Key presented now: " + fingerprint(problem.presented()) + "\n\n"
                + "Replace the pinned key only if you know why it changed.";
    }

    static String fingerprint(HostKeyInfo key) {
        return key.type() + " " + key.fingerprint();
    }
}
