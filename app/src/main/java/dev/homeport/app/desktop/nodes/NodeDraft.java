package dev.homeport.app.desktop.nodes;

import dev.homeport.model.NodeIdentity;
import dev.homeport.model.SshIdentity;
import dev.homeport.model.ValidationException;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.vault.Sealed;
import dev.homeport.ssh.nodes.SshConfigLookup;
import java.util.Collection;
import java.util.Locale;

/**
 * What the user entered in the add-node dialog, and the {@link WorkerNode} it
 * makes. The record constructors do the checking, so the dialog shows the
 * same rule (field and rule) that the store would apply.
 */
record NodeDraft(String name, Address address, Identity identity) {

    /** How the node is reached: by an alias of ~/.ssh/config, or by host, port and user. */
    sealed interface Address {
        /** {@code resolved} is what ~/.ssh/config says about the alias; null while it is being read. */
        record Alias(String alias, SshConfigLookup.Resolved resolved) implements Address {
        }

        record Direct(String host, String port, String user) implements Address {
        }
    }

    enum IdentityKind {
        KEY_FILE("Key file"),
        STORED_KEY("Stored key"),
        AGENT("ssh-agent"),
        SSH_CONFIG("As ~/.ssh/config says"),
        PASSWORD("Password");

        private final String label;

        IdentityKind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The identity chosen, with what each kind needs (the others are ignored). */
    record Identity(IdentityKind kind, String keyFile, SshIdentity stored, String password, boolean storePassword) {
    }

    /** True while the alias is still being looked up, so there is nothing to check yet. */
    boolean resolving() {
        return address instanceof Address.Alias alias && !alias.alias().isBlank()
                && (alias.resolved() == null || !alias.resolved().alias().equals(alias.alias().strip()));
    }

    /**
     * The node this input makes, or a {@link ValidationException} naming the field and the rule.
     * {@code sealedPassword} is the password sealed by the vault when the user chose to store it
     * (null while only checking the input).
     */
    WorkerNode node(Collection<String> takenNames, Sealed sealedPassword) {
        String nodeName = name.strip();
        if (takenNames.contains(nodeName)) {
            throw new ValidationException("name", "a worker node named '" + nodeName + "' already exists");
        }
        return switch (address) {
            case Address.Alias alias -> {
                if (alias.alias().isBlank()) {
                    throw new ValidationException("alias", "is required: a Host name from ~/.ssh/config");
                }
                SshConfigLookup.Resolved resolved = alias.resolved();
                yield new WorkerNode(0, nodeName, alias.alias().strip(), resolved.port(), resolved.user(), nodeIdentity(sealedPassword), null);
            }
            case Address.Direct direct -> new WorkerNode(0, nodeName, direct.host().strip(), port(direct.port()), direct.user().strip(),
                    nodeIdentity(sealedPassword), null);
        };
    }

    private NodeIdentity nodeIdentity(Sealed sealedPassword) {
        return switch (identity.kind()) {
            case KEY_FILE -> new NodeIdentity.KeyFile(identity.keyFile().strip());
            case STORED_KEY -> {
                if (identity.stored() == null) {
                    throw new ValidationException("identity", "choose a stored key (generate or import one in Settings → SSH identities)");
                }
                yield new NodeIdentity.StoredKey(identity.stored().id());
            }
            case AGENT -> new NodeIdentity.Agent();
            case SSH_CONFIG -> new NodeIdentity.SshConfig();
            case PASSWORD -> {
                if (identity.storePassword() && identity.password().isEmpty()) {
                    throw new ValidationException("password", "is required to store it; or untick 'Store the password' to be asked each time");
                }
                yield new NodeIdentity.Password(identity.storePassword() ? sealedPassword : null);
            }
        };
    }

    private static int port(String text) {
        String port = text.strip();
        if (port.isEmpty()) {
            return WorkerNode.DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new ValidationException("port", "must be a whole number, got '" + port + "'");
        }
    }

    /** A node name made from an alias or host: "web1.example.com" gives "web1", "10.0.0.5" gives "10-0-0-5". */
    static String suggestName(String hostOrAlias) {
        String text = hostOrAlias.strip().toLowerCase(Locale.ROOT);
        if (!dev.homeport.model.Check.isIpAddress(text) && text.contains(".")) {
            text = text.substring(0, text.indexOf('.'));
        }
        String name = text.replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        return name.length() > 63 ? name.substring(0, 63).replaceAll("-+$", "") : name;
    }
}
