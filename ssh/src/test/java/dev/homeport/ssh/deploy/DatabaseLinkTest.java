package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import dev.homeport.model.Database;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.Deployment;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.VariableScope;
import dev.homeport.ssh.docker.ContainerExec;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Another service gets a database's connection settings by reference, resolved at its deploy; a new
 * password changes the database and the vault, names the services that refer to it, and reaches them
 * on their next deploy.
 */
class DatabaseLinkTest extends RigDeployTest {
    private final List<Database> databases = new ArrayList<>();

    @AfterEach
    void removeTheDataVolumes() {
        fixture.close();
        for (Database database : databases) {
            Processes.run("docker", "volume", "rm", "-f", database.dataVolume());
        }
    }

    @Test
    void anAppReachesPostgresThroughItsReferenceAndANewPasswordReachesItOnItsNextDeploy() throws Exception {
        Database pg = database("pg", DatabaseEngine.POSTGRES, fixture.rig.postgresImage());
        Deployment db = fixture.deployLive(pg.serviceId());
        Service app = fixture.service(new Service(0, 0, "app", new ServiceSource.Image(apps.image("v1")), TestApps.PORT, "/health",
                null, null, null));
        fixture.inventory.setVariable(VariableScope.SERVICE, app.id(), "DATABASE_URL", "${{pg.DATABASE_URL}}");
        fixture.inventory.setVariable(VariableScope.SERVICE, app.id(), "DB_ADDRESS", "${{pg.HOST}}:${{pg.PORT}}");
        // Stored, shown and exported as the reference.
        assertThat(fixture.inventory.variables(VariableScope.SERVICE, app.id())).anySatisfy(v ->
                assertThat(v.plainValue()).isEqualTo("${{pg.DATABASE_URL}}"));

        String url = env(fixture.deployLive(app.id()), app, "DATABASE_URL");
        String password = password(pg);
        assertThat(url).startsWith("postgresql://pg:" + password + "@").endsWith(":5432/pg");
        String dbContainer = fixture.container(pg.serviceId(), db.id()).orElseThrow().getId();
        // The URL works from the homeport network: the host is the database's alias there.
        assertThat(psql(dbContainer, url)).isEqualTo("42");

        DeployService.PasswordChange change = fixture.deploys.changeDatabasePassword(pg.serviceId(), Prompts.NONE);
        assertThat(change.inDatabase()).isTrue();
        assertThat(change.needRedeploy()).containsExactly("app");
        String newPassword = password(pg);
        assertThat(newPassword).isNotEqualTo(password).matches("[A-Za-z0-9_-]{32}");
        assertThat(psqlCall(dbContainer, url).output()).contains("password authentication failed");

        String newUrl = env(fixture.deployLive(app.id()), app, "DATABASE_URL");
        assertThat(newUrl).contains(":" + newPassword + "@");
        assertThat(psql(dbContainer, newUrl)).isEqualTo("42");
        // The release log and the snapshot never hold the password in the clear.
        Deployment last = fixture.history.live(app.id()).orElseThrow();
        assertThat(String.join("\n", fixture.history.log(last.id()))).doesNotContain(newPassword);
        assertThat(fixture.history.find(last.id()).configSnapshot()).doesNotContain(newPassword);
    }

    @Test
    void aReferenceToAMissingVariableStopsTheDeployBeforeAnythingStarts() {
        Service app = fixture.service(new Service(0, 0, "app", new ServiceSource.Image(apps.image("v1")), TestApps.PORT, "/health",
                null, null, null));
        fixture.inventory.setVariable(VariableScope.SERVICE, app.id(), "API", "${{api.PUBLIC_URL}}");
        assertThatThrownBy(() -> fixture.deploy(app.id())).isInstanceOf(DeployException.class)
                .hasMessageContaining("no service named 'api'");
        fixture.service(new Service(0, 0, "api", new ServiceSource.Image(apps.image("v1")), TestApps.PORT, "/health", null, null, null));
        assertThatThrownBy(() -> fixture.deploy(app.id())).isInstanceOf(DeployException.class)
                .hasMessageContaining("has no variable PUBLIC_URL");
        assertThat(fixture.history.ofService(app.id())).isEmpty();
    }

    @Test
    void mariadbAndRedisTakeANewPasswordInTheRunningDatabase() throws Exception {
        Database maria = database("maria", DatabaseEngine.MARIADB, fixture.rig.mariadbImage());
        String mariaContainer = fixture.container(maria.serviceId(), fixture.deployLive(maria.serviceId()).id()).orElseThrow().getId();
        String before = password(maria);
        assertThat(fixture.deploys.changeDatabasePassword(maria.serviceId(), Prompts.NONE).needRedeploy()).isEmpty();
        String after = password(maria);
        String query = "read -r pw; export MYSQL_PWD=\"$pw\"; exec mariadb -N -B -h 127.0.0.1 -u maria -e 'SELECT 42'";
        assertThat(exec(mariaContainer, query, after + "\n").output().strip()).isEqualTo("42");
        assertThat(exec(mariaContainer, query, before + "\n").output()).contains("Access denied");

        Database redis = database("cache", DatabaseEngine.REDIS, fixture.rig.redisImage());
        String redisContainer = fixture.container(redis.serviceId(), fixture.deployLive(redis.serviceId()).id()).orElseThrow().getId();
        String old = password(redis);
        DeployService.PasswordChange change = fixture.deploys.changeDatabasePassword(redis.serviceId(), Prompts.NONE);
        assertThat(change.needRedeploy()).as("Redis keeps its new password only after a redeploy").containsExactly("cache");
        String ping = "read -r pw; export REDISCLI_AUTH=\"$pw\"; exec redis-cli -h 127.0.0.1 ping";
        assertThat(exec(redisContainer, ping, password(redis) + "\n").output().strip()).isEqualTo("PONG");
        assertThat(exec(redisContainer, ping, old + "\n").output()).doesNotContain("PONG");
        // The redeploy starts Redis with the new password from the vault.
        String next = fixture.container(redis.serviceId(), fixture.deployLive(redis.serviceId()).id()).orElseThrow().getId();
        assertThat(exec(next, ping, password(redis) + "\n").output().strip()).isEqualTo("PONG");
    }

    private Database database(String name, DatabaseEngine engine, String image) {
        Database database = fixture.database(name, engine, image);
        databases.add(database);
        return database;
    }

    private String password(Database database) {
        return fixture.inventory.reveal(fixture.inventory.variables(VariableScope.SERVICE, database.serviceId()).stream()
                .filter(v -> v.key().equals(database.engine().passwordVariable())).findFirst().orElseThrow()).reveal();
    }

    private String env(Deployment deployment, Service service, String key) {
        String id = fixture.container(service.id(), deployment.id()).orElseThrow().getId();
        return Arrays.stream(docker().inspectContainerCmd(id).exec().getConfig().getEnv())
                .filter(line -> line.startsWith(key + "=")).findFirst().orElseThrow().substring(key.length() + 1);
    }

    private String psql(String container, String url) {
        ContainerExec.Result result = psqlCall(container, url);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().strip();
    }

    /** psql inside the database's container, given the URL on standard input (a test's throwaway use of it). */
    private ContainerExec.Result psqlCall(String container, String url) {
        return exec(container, "read -r url; exec psql \"$url\" -tA -c 'SELECT 42'", url + "\n");
    }

    private ContainerExec.Result exec(String container, String shell, String input) {
        return ContainerExec.run(docker(), container, List.of("sh", "-c", shell), input.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
    }

    private DockerClient docker() {
        return fixture.clients.docker(fixture.connection()).client();
    }
}
