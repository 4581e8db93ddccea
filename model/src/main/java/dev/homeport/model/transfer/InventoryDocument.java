package dev.homeport.model.transfer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The export file, as YAML. Names stand in for ids, so a file can be read,
 * edited and imported into another store. Secrets appear only when the
 * export asked for them, and then only encrypted with the export passphrase
 * (see {@link Secrets}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"homeport", "secrets", "lastDeployment", "organisations", "sshIdentities", "nodes", "tunnels", "backups"})
public record InventoryDocument(Integer homeport, Secrets secrets, Long lastDeployment, List<Org> organisations,
                                List<Identity> sshIdentities, List<Node> nodes, List<Tunnel> tunnels, Backups backups) {
    public static final int FORMAT = 1;

    /*
     * lastDeployment: the highest deployment number of the exporting store. Release containers are
     * named and labelled with their deployment's number and the service's node key, which the file
     * carries: an importing store goes on numbering above it, so its releases never take the names
     * of the ones it inherits on the nodes.
     */

    /** How the export passphrase becomes a key. Present only when the file holds secrets. */
    @JsonPropertyOrder({"kdf", "iterations", "salt"})
    public record Secrets(String kdf, Integer iterations, String salt) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    /** {@code acmeDirectory} is left out for Let's Encrypt (files from before it existed have none). */
    @JsonPropertyOrder({"name", "acmeEmail", "acmeDirectory", "registries", "s3Targets", "applications"})
    public record Org(String name, String acmeEmail, String acmeDirectory, List<Registry> registries, List<S3> s3Targets,
                      List<App> applications) {
    }

    /**
     * An S3 target backups are copied to: where ({@code endpoint}, {@code region}, {@code bucket}, {@code prefix}) and the
     * access key id, all plain; the secret access key only in an export with secrets ({@code encryptedSecretKey}), as a
     * registry's password. Without it the import leaves the target out, with a warning.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"name", "endpoint", "region", "bucket", "prefix", "accessKeyId", "encryptedSecretKey"})
    public record S3(String name, String endpoint, String region, String bucket, String prefix, String accessKeyId, String encryptedSecretKey) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Registry(String registry, String username, String encryptedPassword) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record App(String name, List<Env> environments) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"name", "cluster", "variables", "services"})
    public record Env(String name, Cluster cluster, List<Var> variables, List<Svc> services) {
    }

    /** The cluster an environment's nodes form: the engine ({@code swarm}) and the engine's ID of the cluster. */
    @JsonPropertyOrder({"engine", "id"})
    public record Cluster(String engine, String id) {
    }

    /** A plain variable has {@code value}; a secret one has {@code secret: true} and, when exported, {@code encryptedValue}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"key", "value", "secret", "encryptedValue"})
    public record Var(String key, String value, Boolean secret, String encryptedValue) {
    }

    /** Exactly one of {@code image}, {@code git} and {@code folder} says where the service comes from. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    /**
     * {@code nodeKey} is the key that names the service on its nodes (container labels, Caddy routes): an import that
     * keeps it owns what the exporting store deployed. It is not a secret (the nodes show it), so it is always written.
     */
    @JsonPropertyOrder({"name", "nodeKey", "image", "registry", "git", "folder", "database", "port", "healthCheckPath", "cpus", "memoryMb",
            "deploy", "domains", "variables"})
    public record Svc(String name, Long nodeKey, String image, String registry, Git git, Folder folder, Db database, Integer port,
                      String healthCheckPath, Double cpus, Integer memoryMb, Deploy deploy, List<String> domains, List<Var> variables) {
    }

    /**
     * What makes an image service a database: {@code engine} postgres, mariadb or redis, the pinned {@code majorVersion},
     * and the {@code dataVolume} that holds its data. Its credentials are its variables. {@code publicPort} is left out
     * unless the user opted in to publishing it.
     */
    @JsonPropertyOrder({"engine", "majorVersion", "dataVolume", "publicPort"})
    public record Db(String engine, String majorVersion, String dataVolume, Integer publicPort) {
    }

    /**
     * How releases are checked and run; left out when every value is the default, and a missing
     * value means its default. {@code healthCheck} is http, tcp, image or running; absent means
     * the default for the port.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"healthCheck", "healthTimeoutSeconds", "restart", "volumes", "keepReleases", "drainSeconds", "replicas", "pinnedNode"})
    public record Deploy(String healthCheck, Integer healthTimeoutSeconds, String restart, List<String> volumes, Integer keepReleases,
                         Integer drainSeconds, Integer replicas, String pinnedNode) {
    }

    /**
     * {@code deployKey} names one of the file's (or the importing store's) SSH identities; {@code encryptedToken} is the
     * https token, present only in an export with secrets. A file may have one of them, or neither.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"url", "ref", "dockerfile", "context", "deployKey", "encryptedToken", "token"})
    public record Git(String url, String ref, String dockerfile, String context, String deployKey, String encryptedToken, Boolean token) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Folder(String path, String dockerfile) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Identity(String name, String publicKey, String encryptedPrivateKey) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"name", "host", "port", "user", "identity", "hostKey", "environments"})
    public record Node(String name, String host, Integer port, String user, NodeIdentity identity, String hostKey,
                       List<String> environments) {
    }

    /** {@code kind} is key-file (with {@code file}), stored-key (with {@code name}), agent, ssh-config or password. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NodeIdentity(String kind, String file, String name, String encryptedPassword) {
    }

    /**
     * A saved tunnel: {@code target} as {@code homeport tunnel save} takes it ({@code ORG/APP/ENV/SERVICE[:PORT]} or
     * {@code NODE:PORT}), naming a service or node of the file or of the importing store; {@code startWithApp} is
     * written only when true.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "target", "localPort", "startWithApp"})
    public record Tunnel(String name, String target, Integer localPort, Boolean startWithApp) {
    }

    /**
     * Backups: the age key every backup is encrypted to ({@code key}), and the databases' and named volumes' schedules.
     * Absent when the store has neither.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"key", "schedules"})
    public record Backups(BackupKey key, List<BackupSchedule> schedules) {
    }

    /**
     * The backup key: its {@code recipient} ({@code age1…}, not secret) always, and its identity only in an export with
     * secrets ({@code encryptedIdentity}); without secrets {@code identity: false} says it was left out.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"recipient", "encryptedIdentity", "identity"})
    public record BackupKey(String recipient, String encryptedIdentity, Boolean identity) {
    }

    /**
     * One schedule. {@code of} is a database service's path ({@code ORG/APP/ENV/SERVICE}: its dump) or a named volume of
     * a service ({@code ORG/APP/ENV/SERVICE:VOLUME}: a tar of it). {@code every} hourly or daily, {@code at} as
     * {@code homeport backup schedule --at} takes it ({@code "03:00"}, {@code ":15"}), {@code keep} backups for up to
     * {@code maxAgeDays}, {@code stop} (volumes only, written when true), {@code since} when it was set, {@code copyTo} where its
     * backups are copied (as {@code --copy-to} takes it: a node's name, of the file or of the importing store, or
     * {@code s3:NAME} for an S3 target of the service's organisation in the file), absent for none; {@code keepCopies} (written
     * when true) when the copies are kept forever rather than pruned to {@code keep} and {@code maxAgeDays}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"of", "every", "at", "keep", "maxAgeDays", "stop", "since", "copyTo", "keepCopies"})
    public record BackupSchedule(String of, String every, String at, Integer keep, Integer maxAgeDays, Boolean stop, String since,
                                 String copyTo, Boolean keepCopies) {
    }
}
