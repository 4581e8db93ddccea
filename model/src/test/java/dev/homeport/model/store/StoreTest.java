package dev.homeport.model.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.HomeportHome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
    @TempDir
    Path folder;

    @Test
    void createsAndMigratesANewStore() {
        HomeportHome home = new HomeportHome(folder);
        try (Store store = Store.open(home)) {
            assertThat(count(store, "organisation")).isZero();
            String writeDelay = store.read(h -> h.createQuery(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'").mapTo(String.class).list().getFirst());
            assertThat(writeDelay).isEqualTo("0");
        }
        assertThat(home.storeFile()).exists();
        assertThat(home.backups()).doesNotExist();
    }

    @Test
    void aSecondOpenInTheSameProcessIsRefused() {
        HomeportHome home = new HomeportHome(folder);
        try (Store ignored = Store.open(home)) {
            assertThatThrownBy(() -> Store.open(home))
                    .isInstanceOf(StoreLockedException.class)
                    .hasMessageContaining("has the store in " + folder + " open");
        }
        Store.open(home).close();
    }

    @Test
    void aSecondProcessGetsAClearMessageAndTheFileStaysIntact() throws Exception {
        HomeportHome home = new HomeportHome(folder);
        try (Store store = Store.open(home)) {
            store.update(h -> h.execute("INSERT INTO organisation (name) VALUES ('acme')"));
            String output = runSecondProcess(folder);
            assertThat(output).startsWith("locked: Another Homeport (process " + ProcessHandle.current().pid() + ")");
        }
        try (Store reopened = Store.open(home)) {
            List<String> names = reopened.read(h -> h.createQuery("SELECT name FROM organisation").mapTo(String.class).list());
            assertThat(names).containsExactly("acme");
        }
    }

    @Test
    void theLockFollowsTheProcessThatHoldsIt() throws Exception {
        Process holder = javaProcess(folder);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream()))) {
            assertThat(out.readLine()).isEqualTo("opened");
            assertThatThrownBy(() -> Store.open(new HomeportHome(folder)))
                    .isInstanceOf(StoreLockedException.class)
                    .hasMessageContaining("process " + holder.pid());
            holder.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        // A killed holder leaves no stale lock behind.
        Store.open(new HomeportHome(folder)).close();
    }

    @Test
    void copiesTheStoreAsideBeforeAMigration() throws IOException {
        HomeportHome home = new HomeportHome(folder);
        try (Store store = Store.open(home)) {
            store.update(h -> h.execute("INSERT INTO organisation (name) VALUES ('before-upgrade')"));
        }
        try (Store upgraded = Store.open(home, List.of("classpath:db/migration", "classpath:db/upgrade-test"))) {
            assertThat(count(upgraded, "upgrade_probe")).isZero();
        }
        try (var backups = Files.list(home.backups())) {
            List<Path> files = backups.toList();
            assertThat(files).singleElement().satisfies(zip -> {
                assertThat(zip.getFileName().toString()).startsWith("store-before-V9000-").endsWith(".zip");
                try (ZipFile archive = new ZipFile(zip.toFile())) {
                    assertThat(archive.stream().map(e -> e.getName())).contains("homeport.mv.db");
                }
            });
        }
        // Opening again with nothing pending makes no further copy.
        Store.open(home, List.of("classpath:db/migration", "classpath:db/upgrade-test")).close();
        try (var backups = Files.list(home.backups())) {
            assertThat(backups.count()).isEqualTo(1);
        }
    }

    @Test
    void theLatestMigrationConstantMatchesTheNewestMigrationFile() throws Exception {
        Path folder = Path.of(Store.class.getResource("/db/migration").toURI());
        try (var files = Files.list(folder)) {
            int newest = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .max().orElseThrow();
            assertThat(Store.LATEST_MIGRATION).isEqualTo(Integer.toString(newest));
        }
        HomeportHome home = new HomeportHome(this.folder);
        Store.open(home).close();
        try (Store reopened = Store.open(home)) {
            String installed = reopened.read(h -> {
                try {
                    return Store.installedVersion(h.getConnection());
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(installed).isEqualTo(Store.LATEST_MIGRATION);
        }
    }

    @Test
    void everyWriteIsOneTransaction() {
        try (Store store = Store.open(new HomeportHome(folder))) {
            assertThatThrownBy(() -> store.update(h -> {
                h.execute("INSERT INTO organisation (name) VALUES ('first')");
                h.execute("INSERT INTO organisation (name) VALUES ('first')");
            })).isInstanceOf(StoreException.class);
            assertThat(count(store, "organisation")).isZero();
        }
    }

    @Test
    void refusesTheJavaFxThread() throws Exception {
        try (Store store = Store.open(new HomeportHome(folder))) {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread fx = new Thread(() -> {
                try {
                    store.read(h -> 1);
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
            }, "JavaFX Application Thread");
            fx.start();
            assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("JavaFX thread");
        }
    }

    @Test
    void refusesAPathThatWouldChangeTheJdbcUrl() {
        assertThatThrownBy(() -> Store.jdbcUrl(Path.of("/tmp/x;INIT=RUNSCRIPT FROM 'http://evil'")))
                .isInstanceOf(StoreException.class).hasMessageContaining("may not contain ';'");
    }

    private static int count(Store store, String table) {
        return store.read(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Integer.class).one());
    }

    private static String runSecondProcess(Path home) throws Exception {
        Process process = javaProcess(home);
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    private static Process javaProcess(Path home) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OpenStore.class.getName(), home.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }
}
