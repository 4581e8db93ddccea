package dev.homeport.model.store;

import dev.homeport.model.HomeportHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory's embedded H2 file.
 *
 * <ul>
 *   <li>One process at a time: a {@link SingleInstanceLock} is taken before H2 opens the file,
 *       and H2 never runs its TCP server (no AUTO_SERVER).</li>
 *   <li>Every read and write runs on one named store thread, so the JavaFX thread never
 *       touches JDBC and writes need no locks. Calling from the FX thread is refused.</li>
 *   <li>Each {@link #write} is one transaction.</li>
 *   <li>Before Flyway applies a pending migration to an existing store, the store is copied
 *       aside into {@code backups/} as a {@link StoreBackup}.</li>
 * </ul>
 */
public final class Store implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Store.class);
    private static final String FX_THREAD = "JavaFX Application Thread";
    private static final String MIGRATIONS = "classpath:db/migration";
    /**
     * The newest migration in {@code db/migration}. When an existing store is already
     * there, Flyway (about a second to start) is not loaded at all. StoreTest checks
     * that this matches the newest migration file.
     */
    static final String LATEST_MIGRATION = "22";

    private final SingleInstanceLock lock;
    private final JdbcConnectionPool pool;
    private final Connection keeper;
    private final Jdbi jdbi;
    private final ExecutorService thread;
    private volatile boolean compactOnClose;
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();

    private Store(SingleInstanceLock lock, JdbcConnectionPool pool, Connection keeper) {
        this.lock = lock;
        this.pool = pool;
        this.keeper = keeper;
        this.jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin());
        this.thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("homeport-store").daemon(true).factory());
    }

    /** Locks, opens and migrates the store in {@code home}. */
    public static Store open(HomeportHome home) {
        return open(home, List.of(MIGRATIONS));
    }

    /** Tests add their own migration folders to prove what happens on an upgrade. */
    static Store open(HomeportHome home, List<String> migrationLocations) {
        home.ensureExists();
        SingleInstanceLock lock = SingleInstanceLock.acquire(home.lockFile(), home.root());
        JdbcConnectionPool pool = null;
        try {
            // A restore the app prepared (it had the store open) goes in place before H2 opens the file.
            StoreBackup.applyPending(home);
            boolean existed = Files.exists(home.storeFile());
            pool = JdbcConnectionPool.create(jdbcUrl(home.storeBase()), "homeport", "");
            pool.setMaxConnections(4);
            // Holding one connection keeps the database open between calls.
            Connection keeper = pool.getConnection();
            migrate(pool, keeper, home, existed, migrationLocations);
            return new Store(lock, pool, keeper);
        } catch (SQLException | RuntimeException e) {
            if (pool != null) {
                pool.dispose();
            }
            lock.close();
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("Cannot open the store " + home.storeFile() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The JDBC URL for a store file. WRITE_DELAY=0 makes every commit durable at once,
     * which deployment records need. The path is checked first: a ';' in it would
     * otherwise add settings to the URL.
     */
    static String jdbcUrl(Path base) {
        String path = base.toAbsolutePath().toString();
        if (path.contains(";") || path.contains("\0")) {
            throw new StoreException("The store path may not contain ';': " + path);
        }
        return "jdbc:h2:file:" + path + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    private static void migrate(JdbcConnectionPool pool, Connection keeper, HomeportHome home, boolean existed,
                                List<String> locations) throws SQLException {
        if (existed && locations.equals(List.of(MIGRATIONS)) && LATEST_MIGRATION.equals(installedVersion(keeper))) {
            return;
        }
        Flyway flyway = Flyway.configure()
                .dataSource(pool)
                .locations(locations.toArray(String[]::new))
                .load();
        MigrationInfoService info = flyway.info();
        if (existed && info.pending().length > 0) {
            StoreBackup.beforeMigration(keeper, home, info.current() == null ? null : info.current().getVersion().getVersion(),
                    info.pending()[0].getVersion().getVersion());
        }
        flyway.migrate();
    }

    /** The newest migration applied to the store, or null for a store Flyway has not set up. */
    static String installedVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             var tables = statement.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'flyway_schema_history'")) {
            tables.next();
            if (tables.getInt(1) == 0) {
                return null;
            }
        }
        try (Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL"
                     + " ORDER BY \"installed_rank\" DESC LIMIT 1")) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /** Runs a read on the store thread and waits for it. */
    public <T> T read(HandleCallback<T, RuntimeException> work) {
        return onStoreThread(() -> jdbi.withHandle(work));
    }

    /** Runs a change as one transaction on the store thread and waits for it. */
    public <T> T write(HandleCallback<T, RuntimeException> work) {
        try {
            return onStoreThread(() -> jdbi.inTransaction(work));
        } finally {
            writes.incrementAndGet();
        }
    }

    /**
     * How many writes have been made since the store opened (a failed one counts too): a view
     * that sees it change knows to read again, such as the app after a command it served.
     */
    public long writeCount() {
        return writes.get();
    }

    /** Like {@link #write} for changes with no result. */
    public void update(java.util.function.Consumer<Handle> work) {
        write(handle -> {
            work.accept(handle);
            return null;
        });
    }

    private <T> T onStoreThread(java.util.concurrent.Callable<T> work) {
        if (FX_THREAD.equals(Thread.currentThread().getName())) {
            throw new IllegalStateException("The store was called on the JavaFX thread; run it in a background task.");
        }
        if (Thread.currentThread().getName().equals("homeport-store")) {
            return call(work);
        }
        Future<T> result = thread.submit(() -> call(work));
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for the store.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StoreException(e.getCause().getMessage(), e.getCause());
        }
    }

    private static <T> T call(java.util.concurrent.Callable<T> work) {
        try {
            return work.call();
        } catch (JdbiException e) {
            throw translate(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new StoreException(e.getMessage(), e);
        }
    }

    /** Driver errors become one domain exception with a message a user can act on. */
    private static RuntimeException translate(JdbiException e) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        if (cause instanceof SQLException sql) {
            if (sql.getErrorCode() == org.h2.api.ErrorCode.DUPLICATE_KEY_1 && sql.getMessage().contains("DEPLOYMENT_ONE_LIVE")) {
                return new StoreException("A service has one live release at a time; another release of it is live already.", e);
            }
            if (sql.getErrorCode() == org.h2.api.ErrorCode.DUPLICATE_KEY_1) {
                return new StoreException("That name is already taken.", e);
            }
            return new StoreException("The store failed: " + sql.getMessage(), e);
        }
        return new StoreException("The store failed: " + e.getMessage(), e);
    }

    /**
     * Asks for the file to be compacted when the store closes. H2 reuses the space that
     * deletes free, but gives it back to the disk only by compacting: worth it after a
     * large prune, not after every small one.
     */
    public void compactOnClose() {
        compactOnClose = true;
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Statement statement = keeper.createStatement()) {
            statement.execute(compactOnClose ? "SHUTDOWN COMPACT" : "SHUTDOWN");
        } catch (SQLException e) {
            log.warn("Closing the store: {}", e.getMessage());
        } finally {
            closeKeeper();
            pool.dispose();
            lock.close();
        }
    }

    /** SHUTDOWN ends the database, not the JDBC object: left open, H2 logs it as leaked when it is collected. */
    private void closeKeeper() {
        try {
            keeper.close();
        } catch (SQLException e) {
            // the database is already shut down
        }
    }
}
