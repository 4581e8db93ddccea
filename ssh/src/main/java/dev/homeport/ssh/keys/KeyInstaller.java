package dev.homeport.ssh.keys;

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
}
