package dev.homeport.ssh.rig;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the test rig's real servers are, as written by {@code scripts/rig up}
 * into {@code rig.properties}. Tests get it through {@link RigExtension}.
 */
public record Rig(Properties properties) {
    public static final Path DEFAULT_DIR = Path.of("/var/lib/homeport-rig");

    /** The rig folder: {@code -Dhomeport.rig}, then {@code $HOMEPORT_RIG_DIR}, then the default. */
    public static Path directory() {
        String configured = System.getProperty("homeport.rig");
        if (configured == null || configured.isBlank() || configured.startsWith("${")) {
            configured = System.getenv("HOMEPORT_RIG_DIR");
        }
        return configured == null || configured.isBlank() ? DEFAULT_DIR : Path.of(configured);
    }

    /** Loads the rig description, or null when the rig has never been brought up here. */
    public static Rig load() {
        Path file = directory().resolve("rig.properties");
        if (!Files.isReadable(file)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return new Rig(properties);
    }

    public String get(String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("rig.properties has no '" + key + "'; run scripts/rig up again");
        }
        return value;
    }

    public String sshHost() {
        return get("ssh.host");
    }

    public int sshPort() {
        return Integer.parseInt(get("ssh.port"));
    }

    public String sshUser() {
        return get("ssh.user");
    }

    public Path sshKey() {
        return Path.of(get("ssh.key"));
    }

    public Path knownHosts() {
        return Path.of(get("ssh.known_hosts"));
    }

    public String sshPassword() {
        try {
            return Files.readString(Path.of(get("ssh.password.file"))).strip();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the rig password: " + e.getMessage(), e);
        }
    }

    public Path dockerSocket() {
        return Path.of(get("docker.socket"));
    }

    public String netdataUrl() {
        return get("netdata.url");
    }

    public String caddyAdmin() {
        return get("caddy.admin");
    }

    public String display() {
        return get("display");
    }

    public String baseImage() {
        return get("image.base");
    }

    public String nodeImage() {
        return get("image.node");
    }

    /** PostgreSQL 15 from Debian, run like the official {@code postgres} image (see scripts/rig.d/db). */
    public String postgresImage() {
        return get("image.postgres");
    }

    /** MariaDB 10.11 from Debian, run like the official {@code mariadb} image. */
    public String mariadbImage() {
        return get("image.mariadb");
    }

    /** Redis 7.0 from Debian, run like the official {@code redis} image, plus {@code REDIS_PASSWORD}. */
    public String redisImage() {
        return get("image.redis");
    }

    public String nodeUser() {
        return get("node.user");
    }

    /** How many nodes the rig's cluster has (each a network namespace with its own dockerd, sshd and Caddy). */
    public int clusterSize() {
        return Integer.parseInt(get("cluster.size"));
    }

    /** The address of cluster node {@code n}, from 1; its sshd listens on port 22 for {@link #sshUser()}. */
    public String clusterHost(int n) {
        return get("cluster.n" + n + ".host");
    }

    /** The cluster node's Docker socket on this machine, for checks a test makes behind Homeport's back. */
    public Path clusterDockerSocket(int n) {
        return Path.of(get("cluster.n" + n + ".docker.socket"));
    }

    /** The host keys of the cluster's nodes; absent on a rig from before the cluster. */
    public java.util.Optional<Path> clusterKnownHosts() {
        return java.util.Optional.ofNullable(properties.getProperty("cluster.known_hosts")).map(Path::of);
    }
}
