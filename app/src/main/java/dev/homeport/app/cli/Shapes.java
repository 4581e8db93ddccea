package dev.homeport.app.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.homeport.app.cli.Output.Field;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.SshIdentity;
import dev.homeport.model.Variable;
import dev.homeport.model.Volume;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.ssh.keys.SshKeys;
import dev.homeport.ssh.nodes.NodeService.ConnectionReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * What {@code list} and {@code show} print, as JSON and as text. These records
 * are made for output: they copy names and plain values out of the model and
 * never hold a model record, so a sealed secret cannot reach the output.
 * Scripts depend on the JSON field names: add fields, never rename them.
 */
final class Shapes {
    /** How a secret value shows: that there is one, never what it is. */
    static final String SECRET = "(secret)";

    private Shapes() {
    }

    /** An organisation, application or environment in a list. */
    record ItemRow(String path, String name) implements Output.Row {
        static ItemRow of(InventoryPath parent, String name) {
            return new ItemRow(parent == null ? name : parent.child(name).toString(), name);
        }

        @Override
        public List<String> cells() {
            return List.of(name);
        }
    }

    record ServiceRow(String path, String name, String kind, String source, Integer port) implements Output.Row {
        static ServiceRow of(InventoryPath environment, Service service) {
            return new ServiceRow(environment.child(service.name()).toString(), service.name(), service.kind().label(),
                    service.source().describe(), service.port());
        }

        @Override
        public List<String> cells() {
            return List.of(name, kind, source, port == null ? "-" : port.toString());
        }
    }

    /** {@code acmeDirectory} is null for Let's Encrypt; {@code acmeCa} says which CA in words. */
    record OrgDetails(String path, String name, String acmeEmail, String acmeDirectory, String acmeCa, List<String> applications)
            implements Output.Details {
        @Override
        public List<Field> fields() {
            return List.of(Field.of("organisation", path), Field.of("ACME email", acmeEmail, "(not set)"), Field.of("ACME CA", acmeCa),
                    new Field("applications", applications));
        }
    }

    record AppDetails(String path, String name, List<String> environments) implements Output.Details {
        @Override
        public List<Field> fields() {
            return List.of(Field.of("application", path), new Field("environments", environments));
        }
    }

    /** {@code cluster} is null when the environment's nodes form no cluster, else its engine and ID ("Docker Swarm pb5w…"). */
    record EnvDetails(String path, String name, List<String> services, List<VariableValue> variables, String cluster, List<String> nodes)
            implements Output.Details {
        @Override
        public List<Field> fields() {
            return List.of(Field.of("environment", path), new Field("services", services),
                    new Field("variables", variables.stream().map(VariableValue::text).toList()),
                    new Field("cluster", cluster == null ? List.of() : List.of(cluster)), new Field("nodes", nodes));
        }
    }

    record ServiceDetails(String path, String name, String kind, SourceValue source, Integer port, String healthPath,
                          Double cpus, Integer memoryMb, List<String> domains, List<VariableValue> variables,
                          String healthGate, int healthTimeoutSeconds, String restart, List<String> volumes, int keepReleases,
                          int drainSeconds, int replicas, String pinnedTo) implements Output.Details {
        /** {@code keyName} names a git deploy key by its id; {@code loginName} a registry login ("user on registry"). */
        static ServiceDetails of(InventoryPath path, Service service, List<String> domains, List<VariableValue> variables,
                                 LongFunction<String> keyName, LongFunction<String> loginName) {
            DeployOptions options = service.options();
            return new ServiceDetails(path.toString(), service.name(), service.kind().label(), SourceValue.of(service.source(), keyName, loginName),
                    service.port(), service.healthCheckPath(), service.cpuLimit(), service.memoryLimitMb(), domains, variables,
                    service.healthGate().label(), options.healthTimeoutSeconds(), options.restart().dockerName(),
                    options.volumes().stream().map(Volume::toString).toList(), options.keepReleases(), options.drainSeconds(),
                    options.replicas(), options.pinnedNode());
        }

        @Override
        public List<Field> fields() {
            List<Field> fields = new ArrayList<>(List.of(Field.of("service", path), Field.of("kind", kind), Field.of("source", source.text())));
            if (source.url() != null) {
                fields.add(Field.of("git access", source.accessText()));
            }
            if (source.registryLogin() != null) {
                fields.add(Field.of("registry login", source.registryLogin()));
            }
            fields.addAll(List.of(Field.of("port", port), Field.of("health path", healthPath),
                    Field.of("health check", healthGate + ", " + healthTimeoutSeconds + " s timeout"),
                    Field.of("cpus", cpus, "unlimited"), Field.of("memory", memoryMb == null ? null : memoryMb + " MB", "unlimited"),
                    Field.of("restart", restart), new Field("volumes", volumes),
                    Field.of("keep", keepReleases + (keepReleases == 1 ? " release" : " releases")), Field.of("drain", drainSeconds + " s"),
                    Field.of("replicas", replicas + " on a cluster" + (pinnedTo == null ? "" : ", all on " + pinnedTo)),
                    new Field("domains", domains), new Field("variables", variables.stream().map(VariableValue::text).toList())));
            return fields;
        }
    }

    /**
     * Where a service comes from; only the fields of its kind are present. A git source names
     * its deploy key, and says whether it has a token ({@code "token": true}), never what it is.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SourceValue(String image, String registryLogin, String url, String ref, String path, String dockerfile, String context,
                       String deployKey, Boolean token) {
        static SourceValue of(ServiceSource source, LongFunction<String> keyName, LongFunction<String> loginName) {
            return switch (source) {
                case ServiceSource.Image i -> new SourceValue(i.image(),
                        i.registryCredentialId() == null ? null : loginName.apply(i.registryCredentialId()), null, null, null, null, null, null, null);
                case ServiceSource.Git g -> new SourceValue(null, null, g.url(), g.ref(), null, g.dockerfile(), g.context(),
                        g.deployKeyId() == null ? null : keyName.apply(g.deployKeyId()), g.token() != null);
                case ServiceSource.Folder f -> new SourceValue(null, null, null, null, f.path(), f.dockerfile(), null, null, null);
            };
        }

        String text() {
            if (image != null) {
                return image;
            }
            if (url != null) {
                return url + " (ref " + ref + ", dockerfile " + dockerfile + ", context " + context + ")";
            }
            return path + " (dockerfile " + dockerfile + ")";
        }

        /** How a git repository is reached. */
        String accessText() {
            if (deployKey != null) {
                return "deploy key " + deployKey;
            }
            return Boolean.TRUE.equals(token) ? "token " + SECRET : "none (a public repository)";
        }
    }

    /** A domain in a list: {@code {"hostname": "shop.example.com"}}. */
    record DomainRow(String hostname) implements Output.Row {
        @Override
        public List<String> cells() {
            return List.of(hostname);
        }
    }

    /** A plain variable has its value; a secret one only says so: {@code {"key": "X", "secret": true}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VariableValue(String key, String value, boolean secret) implements Output.Row {
        static VariableValue of(Variable variable) {
            return variable.secret()
                    ? new VariableValue(variable.key(), null, true)
                    : new VariableValue(variable.key(), variable.plainValue(), false);
        }

        String text() {
            return key + "=" + (secret ? SECRET : value);
        }

        @Override
        public List<String> cells() {
            return List.of(key, secret ? SECRET : value);
        }
    }

    /** A Worker Node in a list. */
    record NodeRow(String name, String address, String host, int port, String user, IdentityValue identity) implements Output.Row {
        static NodeRow of(WorkerNode node, IdentityValue identity) {
            return new NodeRow(node.name(), node.address(), node.host(), node.port(), node.user(), identity);
        }

        @Override
        public List<String> cells() {
            return List.of(name, address, identity.text());
        }
    }

    /** A Worker Node: where it is, how Homeport logs in, the host key pinned for it, and what it serves. */
    record NodeDetails(String name, String address, String host, int port, String user, IdentityValue identity,
                       KeyFingerprint hostKey, List<String> environments) implements Output.Details {
        static NodeDetails of(WorkerNode node, IdentityValue identity, List<String> environments) {
            return new NodeDetails(node.name(), node.address(), node.host(), node.port(), node.user(), identity,
                    KeyFingerprint.of(node.hostKey()), environments);
        }

        @Override
        public List<Field> fields() {
            return List.of(Field.of("node", name), Field.of("address", address), Field.of("identity", identity.text()),
                    Field.of("host key", hostKey == null ? null : hostKey.text(), "(not pinned yet)"),
                    new Field("environments", environments));
        }
    }

    /**
     * How a node logs in; only the fields of its kind are present:
     * {@code {"kind": "key-file", "file": "~/.ssh/id_ed25519"}}, {@code {"kind": "stored-key", "key": "laptop"}},
     * {@code {"kind": "agent"}}, {@code {"kind": "ssh-config"}}, {@code {"kind": "password", "stored": false}}.
     * A stored password itself never appears.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IdentityValue(String kind, String file, String key, Boolean stored) {
        /** {@code keyName} names a stored key by its id. */
        static IdentityValue of(NodeIdentity identity, LongFunction<String> keyName) {
            return switch (identity) {
                case NodeIdentity.KeyFile file -> new IdentityValue("key-file", file.path(), null, null);
                case NodeIdentity.StoredKey stored -> new IdentityValue("stored-key", null, keyName.apply(stored.identityId()), null);
                case NodeIdentity.Agent agent -> new IdentityValue("agent", null, null, null);
                case NodeIdentity.SshConfig config -> new IdentityValue("ssh-config", null, null, null);
                case NodeIdentity.Password password -> new IdentityValue("password", null, null, password.stored() != null);
            };
        }

        String text() {
            return switch (kind) {
                case "key-file" -> "key file " + file;
                case "stored-key" -> "stored key " + key;
                case "agent" -> "ssh-agent";
                case "ssh-config" -> "as ~/.ssh/config says";
                default -> Boolean.TRUE.equals(stored) ? "password (stored)" : "password (asked each time)";
            };
        }
    }

    /** A public key as people compare them: its OpenSSH type (such as ssh-ed25519) and its SHA256 fingerprint. */
    record KeyFingerprint(String type, String fingerprint) {
        /** Null for no key. */
        static KeyFingerprint of(String publicKeyLine) {
            if (publicKeyLine == null || publicKeyLine.isBlank()) {
                return null;
            }
            return new KeyFingerprint(publicKeyLine.strip().split("\\s+")[0], SshKeys.fingerprint(publicKeyLine));
        }

        String text() {
            return typeLabel(type) + " " + fingerprint;
        }
    }

    /** A successful connection test. */
    record ConnectionDetails(String node, String address, String user, String system, long roundTripMs, KeyFingerprint hostKey)
            implements Output.Details {
        static ConnectionDetails of(WorkerNode node, ConnectionReport report) {
            return new ConnectionDetails(node.name(), node.address(), report.user(), report.system(), report.roundTrip().toMillis(),
                    KeyFingerprint.of(report.hostKey()));
        }

        @Override
        public List<Field> fields() {
            return List.of(Field.of("connected to", address), Field.of("logged in as", user), Field.of("system", system),
                    Field.of("round trip", roundTripMs + " ms"), Field.of("host key", hostKey == null ? null : hostKey.text()));
        }
    }

    /** An SSH key in the vault; its private half never reaches the output. */
    record KeyRow(String name, String type, String fingerprint, String comment) implements Output.Row {
        static KeyRow of(SshIdentity identity) {
            KeyFingerprint key = KeyFingerprint.of(identity.publicKey());
            return new KeyRow(identity.name(), key.type(), key.fingerprint(), commentOf(identity.publicKey()));
        }

        @Override
        public List<String> cells() {
            return List.of(name, typeLabel(type), fingerprint, comment == null ? "" : comment);
        }
    }

    record KeyDetails(String name, String type, String fingerprint, String comment, String publicKey, List<String> nodes)
            implements Output.Details {
        static KeyDetails of(SshIdentity identity, List<String> nodes) {
            KeyRow row = KeyRow.of(identity);
            return new KeyDetails(row.name(), row.type(), row.fingerprint(), row.comment(), identity.publicKey(), nodes);
        }

        @Override
        public List<Field> fields() {
            return List.of(Field.of("key", name), Field.of("type", typeLabel(type)), Field.of("fingerprint", fingerprint),
                    Field.of("comment", comment), Field.of("public key", publicKey), new Field("nodes", nodes));
        }
    }

    /** The comment of a public key line (what follows the type and the key), or null. */
    static String commentOf(String publicKeyLine) {
        String[] parts = publicKeyLine.strip().split("\\s+", 3);
        return parts.length < 3 ? null : parts[2];
    }

    /** A key type as OpenSSH shows it to people: ssh-ed25519 is ED25519, ecdsa-sha2-nistp256 is ECDSA, ssh-rsa is RSA. */
    static String typeLabel(String type) {
        String label = type.startsWith("ssh-") ? type.substring(4) : type.startsWith("ecdsa") ? "ECDSA" : type;
        return label.toUpperCase(Locale.ROOT);
    }
}
