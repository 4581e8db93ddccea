package dev.homeport.model;

/**
 * What makes a service a database: its engine, the major version its data is pinned to (the
 * image's tag must keep it), and the named volume that holds its data. The service itself is an
 * image service; its credentials are its own variables, the passwords secret (sealed by the vault).
 */
public record Database(long serviceId, DatabaseEngine engine, String majorVersion, String dataVolume) {
    public Database {
        if (engine == null) {
            throw new ValidationException("engine", "is required: postgres, mariadb or redis");
        }
        Check.notBlank("majorVersion", majorVersion);
        if (!majorVersion.matches("\\d{1,4}")) {
            throw new ValidationException("majorVersion", "must be a number such as 16, got '" + Check.printable(majorVersion) + "'");
        }
        new Volume(dataVolume, engine.dataPath(), false);
    }

    /** The data volume as the service mounts it. */
    public Volume volume() {
        return new Volume(dataVolume, engine.dataPath(), false);
    }

    public String describe() {
        return engine.title() + " " + majorVersion;
    }
}
