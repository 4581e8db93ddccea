package dev.homeport.app.cli;

import dev.homeport.ssh.transport.HostKeyException;
import java.io.PrintWriter;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A server's host key seen for the first time is shown as OpenSSH shows it,
 * and trusted only when the user accepts it: by typing {@code yes} (or the
 * fingerprint) at the terminal, or beforehand with
 * {@code --accept-new-host-key}. A changed or revoked key is never accepted
 * here: its exception, which says what happened, ends the command.
 */
final class HostKeyCheck {
    static final String ACCEPT_OPTION = "--accept-new-host-key";
    static final String ACCEPT_HELP = "Trust the server's host key without asking when Homeport has never seen it"
            + " (check its fingerprint first). A changed key is always refused.";
    static final String AT_A_TERMINAL = "Nothing was accepted: input is not a terminal. Run the command again at a terminal"
            + " to confirm the key, or pass " + ACCEPT_OPTION + " once you have checked the fingerprint.";
    /** A node behind a jump host shows two new keys; more than that is not a first connection. */
    private static final int MAX_NEW_KEYS = 3;

    private final Terminal terminal;
    private final PrintWriter err;
    private final boolean acceptNew;
    private final String howToAccept;

    /** {@code howToAccept} ends the message when a key cannot be confirmed because input is not a terminal. */
    HostKeyCheck(Terminal terminal, PrintWriter err, boolean acceptNew, String howToAccept) {
        this.terminal = terminal;
        this.err = err;
        this.acceptNew = acceptNew;
        this.howToAccept = howToAccept;
    }

    /**
     * Runs {@code attempt}; when it stops at an unknown host key the user accepts,
     * {@code trust} records the key and the attempt runs again.
     */
    <T> T connect(Supplier<T> attempt, Consumer<HostKeyException> trust) {
        for (int shown = 1; ; shown++) {
            try {
                return attempt.get();
            } catch (HostKeyException e) {
                if (e.reason() != HostKeyException.Reason.UNKNOWN || shown > MAX_NEW_KEYS) {
                    throw e;
                }
                confirm(e);
                trust.accept(e);
                err.println(Output.printable("Warning: Permanently added '" + where(e) + "' ("
                        + Shapes.typeLabel(e.presented().type()) + " " + e.presented().fingerprint() + ") to Homeport's known hosts.", false));
            }
        }
    }

    private void confirm(HostKeyException e) {
        if (acceptNew) {
            return;
        }
        String unknown = "The authenticity of host '" + where(e) + "' can't be established.\n" + e.presented().describe() + ".";
        if (!terminal.interactive()) {
            throw new CliException(Cli.FAILED, unknown + " " + howToAccept);
        }
        String answer = terminal.readLine(Output.printable(unknown + "\nAre you sure you want to continue connecting (yes/no)? ", true));
        while (true) {
            String typed = answer == null ? "no" : answer.strip();
            if (typed.equalsIgnoreCase("yes") || typed.equals(e.presented().fingerprint())) {
                return;
            }
            if (typed.equalsIgnoreCase("no")) {
                throw new CliException(Cli.FAILED, "Host key verification failed: the key of '" + where(e) + "' was not accepted.");
            }
            answer = terminal.readLine("Please type 'yes', 'no' or the fingerprint: ");
        }
    }

    /** The host as known_hosts and OpenSSH name it: bare for port 22, {@code [host]:port} otherwise. */
    private static String where(HostKeyException e) {
        return e.port() == 22 ? e.host() : "[" + e.host() + "]:" + e.port();
    }
}
