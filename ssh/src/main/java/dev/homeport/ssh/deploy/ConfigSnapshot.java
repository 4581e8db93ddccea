package dev.homeport.ssh.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.vault.Sealed;
import dev.homeport.model.vault.Secret;
import java.util.List;

/**
 * What one release runs, kept with its deployment so a rollback can run it
 * again: the source, the settings, the variables and the domains. Secret
 * variables are kept only sealed by the vault; they are opened in memory when a
 * container is made. {@code replicas} and {@code pinnedNode} matter on a cluster
 * only; like the domains, a rollback takes them as the service has them now, and
 * so the organisation's ACME email and directory ({@code acmeDirectory} null: Let's
 * Encrypt, as in every snapshot from before it was kept). {@code database} is the engine of a database
 * service ({@code POSTGRES}, {@code MARIADB}, {@code REDIS}), null for any other service and in snapshots
 * from before databases; {@code publicPort} the port a database is published on, on every address of its
 * node, when the user opted in (null: none; a rollback takes the database's setting as it is now).
 */
public record ConfigSnapshot(String source, Integer port, String healthGate, String healthPath, int healthTimeoutSeconds,
                             String restart, Double cpus, Integer memoryMb, List<String> volumes, List<Var> variables,
                             List<String> domains, String acmeEmail, String acmeDirectory, int drainSeconds, int keepReleases,
                             int replicas, String pinnedNode, String database, Integer publicPort) {
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ConfigSnapshot {
        volumes = List.copyOf(volumes);
        variables = List.copyOf(variables);
        domains = List.copyOf(domains);
        replicas = Math.max(1, replicas); // snapshots from before clusters have none
    }

    public ConfigSnapshot(String source, Integer port, String healthGate, String healthPath, int healthTimeoutSeconds,
                          String restart, Double cpus, Integer memoryMb, List<String> volumes, List<Var> variables,
                          List<String> domains, String acmeEmail, String acmeDirectory, int drainSeconds, int keepReleases,
                          int replicas, String pinnedNode) {
        this(source, port, healthGate, healthPath, healthTimeoutSeconds, restart, cpus, memoryMb, volumes, variables, domains,
                acmeEmail, acmeDirectory, drainSeconds, keepReleases, replicas, pinnedNode, null, null);
    }

    /** This snapshot as a database's release on a cluster runs it: one replica, on {@code node}, where its data volume is. */
    ConfigSnapshot pinnedTo(String node) {
        return new ConfigSnapshot(source, port, healthGate, healthPath, healthTimeoutSeconds, restart, cpus, memoryMb, volumes, variables,
                domains, acmeEmail, acmeDirectory, drainSeconds, keepReleases, 1, node, database, publicPort);
    }

    /** The database engine of a database service, or null. */
    dev.homeport.model.DatabaseEngine databaseEngine() {
        return database == null ? null : dev.homeport.model.DatabaseEngine.valueOf(database);
    }

    /** A variable as the container gets it: a plain value, or a secret's sealed text (never both). */
    public record Var(String key, String value, String sealed) {
        public boolean secret() {
            return sealed != null;
        }
    }

    /** The variables as {@code KEY=value} lines, secrets opened in memory: what a release's container or replicas are given. */
    List<String> environment(Inventory inventory) {
        List<String> env = new java.util.ArrayList<>();
        for (Var variable : variables) {
            String value = variable.secret() ? inventory.openVariable(new Sealed(variable.sealed())).reveal() : variable.value();
            env.add(variable.key() + "=" + value);
        }
        return env;
    }

    /**
     * The secret variables alone as {@code KEY=value} lines, opened in memory: on a cluster, what a release's replicas read
     * from their Swarm secrets, which a scratch restore beside the replica is given as variables instead.
     */
    public List<String> secretEnvironment(Inventory inventory) {
        return variables.stream().filter(Var::secret)
                .map(v -> v.key() + "=" + inventory.openVariable(new Sealed(v.sealed())).reveal()).toList();
    }

    /** The values of the secret variables, opened in memory: what a release's mask hides. */
    List<Secret> openSecrets(Inventory inventory) {
        return variables.stream().filter(Var::secret).map(v -> inventory.openVariable(new Sealed(v.sealed()))).toList();
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ConfigSnapshot fromJson(String json) {
        try {
            return JSON.readValue(json, ConfigSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A deployment's config snapshot cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    /** What changed from {@code before} to this one, in words; secret values are compared but never shown. */
    public List<String> changesSince(ConfigSnapshot before) {
        var changes = new java.util.ArrayList<String>();
        if (!source.equals(before.source)) {
            changes.add("source " + before.source + " → " + source);
        }
        compare(changes, "port", before.port, port);
        compare(changes, "health check", before.healthGate + " " + before.healthPath, healthGate + " " + healthPath);
        compare(changes, "CPUs", before.cpus, cpus);
        compare(changes, "memory (MB)", before.memoryMb, memoryMb);
        compare(changes, "restart", before.restart, restart);
        compare(changes, "volumes", before.volumes, volumes);
        compare(changes, "domains", before.domains, domains);
        compare(changes, "replicas", before.replicas, replicas);
        compare(changes, "pinned to", before.pinnedNode, pinnedNode);
        compare(changes, "public port", before.publicPort, publicPort);
        var old = new java.util.HashMap<String, Var>();
        before.variables.forEach(v -> old.put(v.key(), v));
        for (Var now : variables) {
            Var was = old.remove(now.key());
            if (was == null) {
                changes.add("variable " + now.key() + " added");
            } else if (!java.util.Objects.equals(was.value(), now.value()) || !java.util.Objects.equals(was.sealed(), now.sealed())) {
                changes.add("variable " + now.key() + " changed");
            }
        }
        old.keySet().stream().sorted().forEach(key -> changes.add("variable " + key + " removed"));
        return changes;
    }

    private static void compare(List<String> changes, String what, Object before, Object after) {
        if (!java.util.Objects.equals(before, after)) {
            changes.add(what + " " + (before == null ? "none" : before) + " → " + (after == null ? "none" : after));
        }
    }
}
