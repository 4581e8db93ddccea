package dev.homeport.ssh.keys;

import dev.homeport.model.NodeIdentity;
import dev.homeport.model.ValidationException;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.NodeConnection;

/**
 * Puts a public key into the remote user's ~/.ssh/authorized_keys, as
 * ssh-copy-id does: the folder and file are created private if missing, and a
 * key already there (whatever its comment) is not added again.
 */
public final class KeyInstaller {
    /** What happened: the key was added, or it was there already. */
    public enum Outcome { ADDED, ALREADY_PRESENT }

    // $1 is the key's type and base64 (what identifies it), $2 the whole line to append.
    private static final String SCRIPT = """
            set -e
            umask 077
            mkdir -p "$HOME/.ssh"
            f="$HOME/.ssh/authorized_keys"
            touch "$f"
            if grep -qF -- "$1" "$f"; then echo present; exit 0; fi
            if [ -s "$f" ] && [ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" != '\\n' ]; then echo >> "$f"; fi
            printf '%s\\n' "$2" >> "$f"
            echo added
            """;

    private KeyInstaller() {
    }

    static Command command(String publicKeyLine) {
        String[] parts = publicKeyLine.strip().split("\\s+");
        if (parts.length < 2) {
            throw new IllegalArgumentException("Not an OpenSSH public key line.");
        }
        SshKeys.fingerprint(publicKeyLine);
        return Command.script(SCRIPT, parts[0] + " " + parts[1], publicKeyLine.strip());
    }

    public static Outcome install(NodeConnection connection, String publicKeyLine) {
        String answer = connection.exec(command(publicKeyLine)).orThrow("Installing the key").out().strip();
        return answer.equals("present") ? Outcome.ALREADY_PRESENT : Outcome.ADDED;
    }

    /**
     * A server named {@code USER@HOST[:PORT]} (an IPv6 address in brackets when a port follows), reached once with a
     * password that is asked and never stored; it is not saved as a node.
     */
    public static WorkerNode passwordLogin(String target) {
        int at = target.indexOf('@');
        if (at < 0) {
            throw new ValidationException("server", "give USER@HOST[:PORT]");
        }
        String user = target.substring(0, at);
        String rest = target.substring(at + 1);
        String host = rest;
        String port = null;
        if (rest.startsWith("[") && rest.contains("]")) {
            host = rest.substring(1, rest.indexOf(']'));
            String after = rest.substring(rest.indexOf(']') + 1);
            port = after.startsWith(":") ? after.substring(1) : after.isEmpty() ? null : after;
        } else if (rest.indexOf(':') >= 0 && rest.indexOf(':') == rest.lastIndexOf(':')) {
            host = rest.substring(0, rest.indexOf(':'));
            port = rest.substring(rest.indexOf(':') + 1);
        }
        return new WorkerNode(0, "key-install", host, port == null ? WorkerNode.DEFAULT_PORT : port(port), user,
                new NodeIdentity.Password(null), null);
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ValidationException("port", "must be a number, got '" + text.replaceAll("\\p{Cntrl}", "?") + "'");
        }
    }
}
