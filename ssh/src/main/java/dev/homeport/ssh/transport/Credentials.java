package dev.homeport.ssh.transport;

import dev.homeport.model.vault.Secret;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

/** What Homeport offers a node to log in, already resolved from the store and the vault. */
public sealed interface Credentials {
    /** Words for error messages: what was tried. Never the secret itself. */
    String describe();

    /** The same credentials: so an open connection made with them may be reused. */
    default boolean sameAs(Credentials other) {
        return equals(other);
    }

    /** A private key file; an encrypted one is opened with a passphrase asked through {@link Prompts}. */
    record KeyFile(Path path) implements Credentials {
        public String describe() {
            return "publickey (key file " + path + ")";
        }
    }

    /** Key pairs already in memory, such as a key kept in Homeport's vault. */
    record Keys(String name, List<KeyPair> pairs) implements Credentials {
        public Keys {
            pairs = List.copyOf(pairs);
        }

        public String describe() {
            return "publickey (stored key " + name + ")";
        }

        @Override
        public String toString() {
            return "Keys[" + name + "]";
        }

        @Override
        public boolean sameAs(Credentials other) {
            return other instanceof Keys keys && keys.name.equals(name) && keys.pairs.size() == pairs.size()
                    && java.util.stream.IntStream.range(0, pairs.size()).allMatch(i ->
                    org.apache.sshd.common.config.keys.KeyUtils.compareKeys(pairs.get(i).getPublic(), keys.pairs.get(i).getPublic()));
        }
    }

    /** The keys of the running ssh-agent. */
    record Agent() implements Credentials {
        public String describe() {
            return "publickey (keys from ssh-agent)";
        }
    }

    /** A password: stored (and decrypted in memory), or null to ask for it. */
    record Password(Secret stored) implements Credentials {
        public String describe() {
            return "password";
        }
    }

    /** Whatever ~/.ssh/config says for the host (IdentityFile, IdentitiesOnly), plus the agent, as OpenSSH would. */
    record SshConfig() implements Credentials {
        public String describe() {
            return "publickey (IdentityFile from ssh config, and ssh-agent)";
        }
    }
}
