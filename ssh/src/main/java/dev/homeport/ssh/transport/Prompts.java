package dev.homeport.ssh.transport;

import dev.homeport.model.vault.Secret;

/**
 * How the SSH layer asks the user for what it was not given: the passphrase
 * of an encrypted key file, or a password that is not stored. The desktop app
 * answers with dialogs, the CLI at the terminal. Returning null gives up.
 */
public interface Prompts {
    Secret keyPassphrase(String keyFile, int attempt);

    Secret password(String userAtHost, int attempt);

    /** For callers that cannot ask anyone: every question is answered with "no". */
    Prompts NONE = new Prompts() {
        @Override
        public Secret keyPassphrase(String keyFile, int attempt) {
            return null;
        }

        @Override
        public Secret password(String userAtHost, int attempt) {
            return null;
        }
    };
}
