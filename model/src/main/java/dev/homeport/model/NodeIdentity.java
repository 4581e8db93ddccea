package dev.homeport.model;

import dev.homeport.model.vault.Sealed;

/** How Homeport proves who it is to a Worker Node. */
public sealed interface NodeIdentity {
    String describe();

    /** A private key file on this machine, such as ~/.ssh/id_ed25519. */
    record KeyFile(String path) implements NodeIdentity {
        public KeyFile {
            Check.notBlank("identity.file", path);
        }

        public String describe() {
            return "key file " + path;
        }
    }

    /** A key pair kept in Homeport's vault. */
    record StoredKey(long identityId) implements NodeIdentity {
        public String describe() {
            return "stored key #" + identityId;
        }
    }

    /** Whatever keys the running ssh-agent offers. */
    record Agent() implements NodeIdentity {
        public String describe() {
            return "ssh-agent";
        }
    }

    /**
     * Whatever the user's ~/.ssh/config says for the host (IdentityFile, IdentitiesOnly,
     * ProxyJump), with the ssh-agent, as OpenSSH would: for nodes added by their alias.
     */
    record SshConfig() implements NodeIdentity {
        public String describe() {
            return "as ~/.ssh/config says";
        }
    }

    /** A password; sealed when the user chose to store it, otherwise null and asked for at each connection. */
    record Password(Sealed stored) implements NodeIdentity {
        public String describe() {
            return stored == null ? "password (asked each time)" : "password (stored)";
        }
    }
}
