package dev.homeport.ssh.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;

/**
 * The rig's database images (PostgreSQL, MariaDB, Redis from Debian's packages) start with the
 * official images' settings, answer their own health check, refuse a wrong password, and keep
 * their data on a named volume across a new container. Passwords reach containers and clients
 * through env files of mode 0600, never a command line.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RigDatabasesTest {
    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    @TempDir
    Path temp;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> containers = new ArrayList<>();
    private final String volume = "homeport-test-db-" + suffix;

    @AfterEach
    void removeWhatTheTestMade() {
        for (String container : containers) {
            Processes.call(List.of("docker", "rm", "-f", "-v", container), null);
        }
        Processes.call(List.of("docker", "volume", "rm", "-f", volume), null);
    }

    @Test
    void postgresStartsAnswersPgIsReadyAndKeepsItsDataOnTheVolume(Rig rig) throws IOException {
        Path env = envFile("server", "POSTGRES_PASSWORD=" + PASSWORD, "POSTGRES_USER=app", "POSTGRES_DB=shop");
        Path client = envFile("client", "PGPASSWORD=" + PASSWORD);
        Path wrong = envFile("wrong", "PGPASSWORD=not-" + PASSWORD);
        String first = start(rig.postgresImage(), env, "/var/lib/postgresql/data");
        awaitHealthy(first, List.of("pg_isready", "-h", "127.0.0.1", "-U", "app", "-d", "shop"));
        List<String> psql = List.of("psql", "-h", "127.0.0.1", "-U", "app", "-d", "shop", "-v", "ON_ERROR_STOP=1", "-tA");
        exec(first, client, psql, "CREATE TABLE t (v text); INSERT INTO t VALUES ('kept');");
        assertThat(execCall(first, wrong, psql, "SELECT 1;").err()).contains("password authentication failed");

        Processes.run("docker", "rm", "-f", first);
        String second = start(rig.postgresImage(), env, "/var/lib/postgresql/data");
        awaitHealthy(second, List.of("pg_isready", "-h", "127.0.0.1"));
        assertThat(exec(second, client, psql, "SELECT v FROM t;")).isEqualTo("kept");
    }

    @Test
    void mariadbStartsAnswersPingAndKeepsItsDataOnTheVolume(Rig rig) throws IOException {
        Path env = envFile("server", "MARIADB_ROOT_PASSWORD=root-" + PASSWORD, "MARIADB_USER=app",
                "MARIADB_PASSWORD=" + PASSWORD, "MARIADB_DATABASE=shop");
        Path client = envFile("client", "MYSQL_PWD=" + PASSWORD);
        Path wrong = envFile("wrong", "MYSQL_PWD=not-" + PASSWORD);
        String first = start(rig.mariadbImage(), env, "/var/lib/mysql");
        // ping answers "alive" for any password; the query below proves the password.
        awaitHealthy(first, List.of("mariadb-admin", "-h", "127.0.0.1", "-u", "app", "ping"));
        List<String> mariadb = List.of("mariadb", "-h", "127.0.0.1", "-u", "app", "-N", "-B", "shop");
        exec(first, client, mariadb, "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept');");
        assertThat(execCall(first, wrong, mariadb, "SELECT 1;").err()).contains("Access denied");

        Processes.run("docker", "rm", "-f", first);
        String second = start(rig.mariadbImage(), env, "/var/lib/mysql");
        awaitHealthy(second, List.of("mariadb-admin", "-h", "127.0.0.1", "-u", "app", "ping"));
        assertThat(exec(second, client, mariadb, "SELECT v FROM t;")).isEqualTo("kept");
    }

    @Test
    void redisAsksForItsPasswordAnswersPingAndKeepsItsDataOnTheVolume(Rig rig) throws IOException {
        Path env = envFile("server", "REDIS_PASSWORD=" + PASSWORD);
        Path client = envFile("client", "REDISCLI_AUTH=" + PASSWORD);
        Path none = envFile("none", "NOTHING=1");
        String first = start(rig.redisImage(), env, "/data");
        awaitHealthy(first, List.of("sh", "-c", "[ \"$(redis-cli ping)\" = PONG ]"), client);
        assertThat(exec(first, none, List.of("redis-cli", "ping"), null)).contains("NOAUTH");
        assertThat(Processes.run("docker", "top", first)).doesNotContain(PASSWORD);
        exec(first, client, List.of("redis-cli", "set", "k", "kept"), null);
        exec(first, client, List.of("redis-cli", "save"), null);

        Processes.run("docker", "rm", "-f", first);
        String second = start(rig.redisImage(), env, "/data");
        awaitHealthy(second, List.of("sh", "-c", "[ \"$(redis-cli ping)\" = PONG ]"), client);
        assertThat(exec(second, client, List.of("redis-cli", "get", "k"), null)).isEqualTo("kept");
    }

    private String start(String image, Path env, String dataFolder) {
        String name = "homeport-test-db-" + suffix + "-" + containers.size();
        containers.add(name);
        Processes.run("docker", "run", "-d", "--name", name, "--label", "dev.homeport.test=true",
                "--env-file", env.toString(), "-v", volume + ":" + dataFolder, image);
        return name;
    }

    private void awaitHealthy(String container, List<String> check) throws IOException {
        awaitHealthy(container, check, envFile("empty", "NOTHING=1"));
    }

    private void awaitHealthy(String container, List<String> check, Path env) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> execCall(container, env, check, null).exit() == 0);
    }

    private static String exec(String container, Path env, List<String> command, String stdin) {
        Processes.Result result = execCall(container, env, command, stdin);
        assertThat(result.exit()).as(command + ": " + result.err()).isZero();
        return result.out().strip();
    }

    private static Processes.Result execCall(String container, Path env, List<String> command, String stdin) {
        List<String> line = new ArrayList<>(List.of("docker", "exec", "-i", "--env-file", env.toString(), container));
        line.addAll(command);
        return Processes.call(line, stdin);
    }

    private Path envFile(String name, String... lines) throws IOException {
        Path file = temp.resolve(name + ".env");
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.write(file, List.of(lines));
        return file;
    }
}
