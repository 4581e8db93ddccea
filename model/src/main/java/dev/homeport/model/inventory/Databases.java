package dev.homeport.model.inventory;

import dev.homeport.model.Database;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.Environment;
import dev.homeport.model.HealthGate;
import dev.homeport.model.RestartPolicy;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.ValidationException;
import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.store.DatabaseDao;
import dev.homeport.model.store.EnvironmentDao;
import dev.homeport.model.store.ServiceDao;
import dev.homeport.model.store.Store;
import dev.homeport.model.store.VariableDao;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.SecretKind;
import dev.homeport.model.vault.Vault;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Services that are databases. {@link #create} makes one in a single transaction: an image service
 * (the official image at a pinned major version unless another is given) listening on the engine's
 * port, its data on a named volume of its own, its health gate the database's own check, and its
 * credentials as its variables, each password generated and kept only sealed by the vault.
 */
public final class Databases {
    /** 24 random bytes: 32 characters of URL-safe base64, safe in a URL, an SQL string and a config line. */
    private static final int PASSWORD_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final Vault vault;

    public Databases(Store store, Vault vault) {
        this.store = store;
        this.vault = vault;
    }

    /** A new database service named {@code name} in the environment; {@code image} null is the engine's official image. */
    public Database create(long environmentId, String name, DatabaseEngine engine, String image) {
        String chosen = image == null || image.isBlank() ? engine.defaultImage() : image.strip();
        String major = DatabaseEngine.majorOf(chosen);
        String account = account(name);
        String volume = dataVolume(name);
        Database draft = new Database(0, engine, major, volume);
        DeployOptions options = DeployOptions.defaults().withHealth(HealthGate.DATABASE, DeployOptions.DEFAULT_HEALTH_TIMEOUT_SECONDS)
                .withRestart(RestartPolicy.UNLESS_STOPPED).withVolumes(List.of(draft.volume()));
        Service service = new Service(0, environmentId, name, new ServiceSource.Image(chosen), engine.port(), null, null, null, options);
        var variables = new java.util.ArrayList<Variable>();
        if (engine.userVariable() != null) {
            variables.add(new Variable(0, VariableScope.SERVICE, 0, engine.userVariable(), account, null));
        }
        if (engine.databaseVariable() != null) {
            variables.add(new Variable(0, VariableScope.SERVICE, 0, engine.databaseVariable(), account, null));
        }
        variables.add(new Variable(0, VariableScope.SERVICE, 0, engine.passwordVariable(), null, vault.seal(newPassword(), SecretKind.VARIABLE)));
        if (engine.rootPasswordVariable() != null) {
            variables.add(new Variable(0, VariableScope.SERVICE, 0, engine.rootPasswordVariable(), null,
                    vault.seal(newPassword(), SecretKind.VARIABLE)));
        }
        return store.write(h -> {
            Environment environment = h.attach(EnvironmentDao.class).find(environmentId)
                    .orElseThrow(() -> new NotFoundException("No environment with id " + environmentId + "."));
            if (h.attach(ServiceDao.class).findByName(environmentId, name).isPresent()) {
                throw new ValidationException("name", "environment '" + environment.name() + "' already has a service named '" + name + "'");
            }
            long id = h.attach(ServiceDao.class).insert(service);
            VariableDao dao = h.attach(VariableDao.class);
            for (Variable v : variables) {
                dao.insert(new Variable(0, VariableScope.SERVICE, id, v.key(), v.plainValue(), v.secretValue()));
            }
            Database database = new Database(id, engine, major, volume);
            h.attach(DatabaseDao.class).insert(database);
            return database;
        });
    }

    /**
     * What a client needs to log in: the user and database (null for Redis) and the password, opened in
     * memory. {@link #url} writes them as a connection URL; {@link #maskedUrl} hides the password, for screens.
     */
    public record Credentials(DatabaseEngine engine, String user, String name, Secret password) {
        public String url(String host, int port) {
            return References.url(engine, user, password.reveal(), host, Integer.toString(port), name);
        }

        public String maskedUrl(String host, int port) {
            return url(host, port).replace(References.encodedPassword(password.reveal()), "••••••");
        }

        /** The environment variable the engine's command-line client reads the password from. */
        public String clientPasswordVariable() {
            return switch (engine) {
                case POSTGRES -> "PGPASSWORD";
                case MARIADB -> "MYSQL_PWD";
                case REDIS -> "REDISCLI_AUTH";
            };
        }

        /** The engine's command-line client against {@code host:port}, then {@code extra}; no password in it. */
        public List<String> clientCommand(String host, int port, List<String> extra) {
            List<String> command = new java.util.ArrayList<>(switch (engine) {
                case POSTGRES -> List.of(engine.client(), "-h", host, "-p", Integer.toString(port), "-U", user, "-d", name);
                case MARIADB -> List.of(engine.client(), "-h", host, "-P", Integer.toString(port), "--protocol=TCP", "-u", user, name);
                case REDIS -> List.of(engine.client(), "-h", host, "-p", Integer.toString(port));
            });
            command.addAll(extra);
            return command;
        }
    }

    /** The database's credentials as the vault has them now. */
    public Credentials credentials(long serviceId) {
        Database database = find(serviceId).orElseThrow(() -> new ValidationException("service", "is not a database"));
        DatabaseEngine engine = database.engine();
        List<Variable> variables = store.read(h -> h.attach(VariableDao.class).ofService(serviceId));
        java.util.function.Function<String, Variable> find = key -> variables.stream().filter(v -> v.key().equals(key)).findFirst()
                .orElseThrow(() -> new ValidationException(key, "the database's variable " + key + " is missing"));
        Variable password = find.apply(engine.passwordVariable());
        return new Credentials(engine,
                engine.userVariable() == null ? null : find.apply(engine.userVariable()).plainValue(),
                engine.databaseVariable() == null ? null : find.apply(engine.databaseVariable()).plainValue(),
                vault.open(password.secretValue(), SecretKind.VARIABLE));
    }

    public Optional<Database> find(long serviceId) {
        return store.read(h -> h.attach(DatabaseDao.class).find(serviceId));
    }

    /**
     * Publishes the database on {@code port} of every address of its node from its next release, or on none
     * ({@code null}). The caller has warned the user; a port Caddy holds (80, 443) is refused.
     */
    public Database setPublicPort(long serviceId, Integer port) {
        Database.checkPublicPort(port);
        return store.write(h -> {
            DatabaseDao dao = h.attach(DatabaseDao.class);
            Database current = dao.find(serviceId).orElseThrow(() -> new ValidationException("service", "is not a database"));
            dao.setPublicPort(serviceId, port);
            return current.withPublicPort(port);
        });
    }

    public List<Database> ofEnvironment(long environmentId) {
        return store.read(h -> h.attach(DatabaseDao.class).ofEnvironment(environmentId));
    }

    /**
     * Makes {@code restoredVolume} the database's data volume, in one transaction: the service mounts it
     * where the engine keeps its data instead of the old one, which is recorded as kept (see
     * {@link #oldVolumes}) until {@link #forgetOldVolume} after the user dropped it. The sanctioned path
     * past {@link #requireKept}: a redeploy then opens the restored data. Returns the old volume's name.
     */
    public String swapDataVolume(long serviceId, String restoredVolume) {
        return store.write(h -> {
            Database current = h.attach(DatabaseDao.class).find(serviceId)
                    .orElseThrow(() -> new ValidationException("service", "is not a database"));
            Database swapped = new Database(serviceId, current.engine(), current.majorVersion(), restoredVolume, current.publicPort());
            if (restoredVolume.equals(current.dataVolume())) {
                throw new ValidationException("volume", restoredVolume + " is already the database's data volume");
            }
            Service service = h.attach(ServiceDao.class).find(serviceId).orElseThrow();
            List<dev.homeport.model.Volume> volumes = service.options().volumes().stream()
                    .map(v -> v.equals(current.volume()) ? swapped.volume() : v).toList();
            h.attach(ServiceDao.class).update(new Service(service.id(), service.environmentId(), service.name(), service.source(),
                    service.port(), service.healthCheckPath(), service.cpuLimit(), service.memoryLimitMb(), service.options().withVolumes(volumes)));
            h.attach(DatabaseDao.class).setDataVolume(serviceId, restoredVolume);
            h.attach(DatabaseDao.class).keepOldVolume(serviceId, current.dataVolume(),
                    java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC), restoredVolume);
            return current.dataVolume();
        });
    }

    /** The data volumes restores swapped out of the database, oldest first; each still on its node until dropped. */
    public List<String> oldVolumes(long serviceId) {
        return store.read(h -> h.attach(DatabaseDao.class).oldVolumes(serviceId));
    }

    /** Forgets a kept old volume once it was removed from its node; false when it was not one. */
    public boolean forgetOldVolume(long serviceId, String volume) {
        return store.write(h -> h.attach(DatabaseDao.class).forgetOldVolume(serviceId, volume)) > 0;
    }

    /** A new random password: URL-safe, so it needs no escaping in a connection URL. */
    public static Secret newPassword() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        RANDOM.nextBytes(bytes);
        return Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /**
     * The user and database a new database gets: the service's name, with {@code _} for {@code -}. PostgreSQL
     * keeps role names that begin with {@code pg_} for itself and refuses to create one, so such a name gets
     * {@code db_} before it ({@code pg-main} → {@code db_pg_main}).
     */
    static String account(String serviceName) {
        String account = serviceName.replace('-', '_');
        return account.startsWith("pg_") ? "db_" + account : account;
    }

    /** {@code <service>-data-<6 random characters>}: apart from another environment's database of the same name on the node. */
    static String dataVolume(String serviceName) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder tag = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            tag.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return serviceName + "-data-" + tag;
    }

    /**
     * The rules a change to a database service must keep, checked in {@link Inventory#updateService}'s
     * transaction: still an image, of the same major version, its data volume still mounted where the
     * engine keeps its data.
     */
    static void requireKept(Database database, Service changed) {
        if (!(changed.source() instanceof ServiceSource.Image image)) {
            throw new ValidationException("source", "a database's source stays an image");
        }
        String major = DatabaseEngine.majorOf(image.image());
        if (!major.equals(database.majorVersion())) {
            throw new ValidationException("image", database.engine().title() + " " + database.majorVersion() + " → " + major
                    + " is a major upgrade, which Homeport does not do yet: a major version cannot read the data folder of another,"
                    + " so it needs a dump and a restore (a later version of Homeport will offer it). A minor upgrade within "
                    + database.majorVersion() + " is a change of tag and a redeploy, such as "
                    + database.engine().officialImage(database.majorVersion() + ".x"));
        }
        if (!changed.options().volumes().contains(database.volume())) {
            throw new ValidationException("volume", "a database keeps its data volume " + database.volume()
                    + " mounted; it holds the data");
        }
    }
}
