package dev.homeport.model;

import java.util.List;
import java.util.Locale;

/**
 * A database Homeport runs as a service, with the conventions of its official image: where the
 * data lives, the port, the environment variables that set the first user up, and how a
 * connection URL is written. The default image is the official one at the default major version.
 */
public enum DatabaseEngine {
    POSTGRES("PostgreSQL", "postgres", "16", 5432, "/var/lib/postgresql/data", "postgresql",
            "POSTGRES_USER", "POSTGRES_DB", "POSTGRES_PASSWORD", null),
    MARIADB("MariaDB", "mariadb", "11", 3306, "/var/lib/mysql", "mysql",
            "MARIADB_USER", "MARIADB_DATABASE", "MARIADB_PASSWORD", "MARIADB_ROOT_PASSWORD"),
    REDIS("Redis", "redis", "7", 6379, "/data", "redis",
            null, null, "REDIS_PASSWORD", null);

    private final String title;
    private final String officialImage;
    private final String defaultMajor;
    private final int port;
    private final String dataPath;
    private final String urlScheme;
    private final String userVariable;
    private final String databaseVariable;
    private final String passwordVariable;
    private final String rootPasswordVariable;

    DatabaseEngine(String title, String officialImage, String defaultMajor, int port, String dataPath, String urlScheme,
                   String userVariable, String databaseVariable, String passwordVariable, String rootPasswordVariable) {
        this.title = title;
        this.officialImage = officialImage;
        this.defaultMajor = defaultMajor;
        this.port = port;
        this.dataPath = dataPath;
        this.urlScheme = urlScheme;
        this.userVariable = userVariable;
        this.databaseVariable = databaseVariable;
        this.passwordVariable = passwordVariable;
        this.rootPasswordVariable = rootPasswordVariable;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String title() {
        return title;
    }

    /** The official image at {@code major}, such as {@code postgres:16}. */
    public String officialImage(String major) {
        return officialImage + ":" + major;
    }

    public String defaultImage() {
        return officialImage(defaultMajor);
    }

    public int port() {
        return port;
    }

    /** The folder the image keeps its data in: the data volume is mounted there. */
    public String dataPath() {
        return dataPath;
    }

    public String urlScheme() {
        return urlScheme;
    }

    /** The variable that names the database's user, or null (Redis has none). */
    public String userVariable() {
        return userVariable;
    }

    /** The variable that names the database, or null (Redis has none). */
    public String databaseVariable() {
        return databaseVariable;
    }

    /** The secret variable with the user's password (Redis: the password every client gives). */
    public String passwordVariable() {
        return passwordVariable;
    }

    /** The secret variable with the administrator's password, or null. */
    public String rootPasswordVariable() {
        return rootPasswordVariable;
    }

    /** The engine's own command-line client: {@code psql}, {@code mariadb} or {@code redis-cli}. */
    public String client() {
        return switch (this) {
            case POSTGRES -> "psql";
            case MARIADB -> "mariadb";
            case REDIS -> "redis-cli";
        };
    }

    /** The Debian and Ubuntu package that installs {@link #client()} on this machine. */
    public String clientPackage() {
        return switch (this) {
            case POSTGRES -> "postgresql-client";
            case MARIADB -> "mariadb-client";
            case REDIS -> "redis-tools";
        };
    }

    /** The name of the variable a connection URL is offered under: {@code REDIS_URL} for Redis, else {@code DATABASE_URL}. */
    public String urlVariable() {
        return this == REDIS ? "REDIS_URL" : "DATABASE_URL";
    }

    /** The settings a database offers to other services by reference: {@code ${{db.DATABASE_URL}}} and its parts. */
    public List<String> offeredVariables() {
        return this == REDIS ? List.of("REDIS_URL", "HOST", "PORT", "PASSWORD")
                : List.of("DATABASE_URL", "HOST", "PORT", "USER", "PASSWORD", "NAME");
    }

    /**
     * The major version an image reference pins: the first number of its tag ({@code postgres:16.4} and
     * {@code postgres:16-bookworm} pin 16, {@code mariadb:10.11} pins 10). Throws when the tag pins none
     * ({@code postgres}, {@code postgres:latest}, a digest alone).
     */
    public static String majorOf(String image) {
        Check.imageReference("image", image);
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        String tag = colon > slash ? withoutDigest.substring(colon + 1) : "";
        var major = java.util.regex.Pattern.compile("v?(\\d{1,4})(?:[.\\-_].*)?").matcher(tag);
        if (!major.matches()) {
            throw new ValidationException("image", "must pin a major version in its tag, such as postgres:16 or redis:7.2, got '"
                    + Check.printable(image) + "': a database's data folder is read only by the major version that wrote it");
        }
        return major.group(1);
    }

    public static DatabaseEngine parse(String text) {
        for (DatabaseEngine engine : values()) {
            if (engine.label().equalsIgnoreCase(text) || (engine == MARIADB && "mysql".equalsIgnoreCase(text))
                    || (engine == POSTGRES && "postgresql".equalsIgnoreCase(text))) {
                return engine;
            }
        }
        throw new ValidationException("engine", "must be postgres, mariadb or redis, got '" + Check.printable(text) + "'");
    }
}
