package dev.homeport.model;

/**
 * What makes a service a database: its engine, the major version its data is pinned to (the
 * image's tag must keep it), and the named volume that holds its data. The service itself is an
 * image service; its credentials are its own variables, the passwords secret (sealed by the vault).
 * {@code publicPort} is null unless the user opted in to publishing the database on that port of
 * every address of its node.
 */
public record Database(long serviceId, DatabaseEngine engine, String majorVersion, String dataVolume, Integer publicPort) {
    public Database {
        if (engine == null) {
            throw new ValidationException("engine", "is required: postgres, mariadb or redis");
        }
        Check.notBlank("majorVersion", majorVersion);
        if (!majorVersion.matches("\\d{1,4}")) {
            throw new ValidationException("majorVersion", "must be a number such as 16, got '" + Check.printable(majorVersion) + "'");
        }
        new Volume(dataVolume, engine.dataPath(), false);
        checkPublicPort(publicPort);
    }

    /** What the user is told before a database is published, in the app and the command line. */
    public static final String PUBLIC_PORT_WARNING = "A public port lets anyone who can reach the node try the database's password,"
            + " and the database's own protocol is not encrypted unless you set TLS up in it. A tunnel needs no open port."
            + " If you open one, allow only your own addresses in the node's firewall.";

    /** A database with no public port, as every database starts. */
    public Database(long serviceId, DatabaseEngine engine, String majorVersion, String dataVolume) {
        this(serviceId, engine, majorVersion, dataVolume, null);
    }

    /** The same database published on {@code port} (null: on none). */
    public Database withPublicPort(Integer port) {
        return new Database(serviceId, engine, majorVersion, dataVolume, port);
    }

    /** Refuses a port that is not a TCP port, or that Caddy holds on every node (80 and 443). */
    public static Integer checkPublicPort(Integer port) {
        if (port != null && (port < 1 || port > 65535)) {
            throw new ValidationException("public port", "must be between 1 and 65535, got " + port);
        }
        if (port != null && (port == 80 || port == 443)) {
            throw new ValidationException("public port", port + " is Caddy's on every node; choose another, such as 15432");
        }
        return port;
    }

    /** The data volume as the service mounts it. */
    public Volume volume() {
        return new Volume(dataVolume, engine.dataPath(), false);
    }

    public String describe() {
        return engine.title() + " " + majorVersion;
    }
}
