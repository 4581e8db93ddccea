package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.homeport.model.Database;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.Deployment;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.ValidationException;
import dev.homeport.model.VariableScope;
import dev.homeport.ssh.docker.ContainerExec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Databases deployed on the rig's node, with the rig's images as their image setting: each passes its own
 * health check, keeps its data on its named volume across a redeploy (which stops the old container before
 * the new one opens the data), publishes no port on the node unless the user opted in to a public port, and
 * never carries its password on a command line.
 */
class DatabaseDeployTest extends RigDeployTest {
    private Database database;

    @AfterEach
    void removeTheDataVolume() {
        fixture.close();
        if (database != null) {
            dev.homeport.ssh.rig.Processes.run("docker", "volume", "rm", "-f", database.dataVolume());
        }
    }

    @Test
    void postgresKeepsItsDataAcrossARedeployAndRefusesAMajorUpgrade() throws Exception {
        database = fixture.database("pg", DatabaseEngine.POSTGRES, fixture.rig.postgresImage());
        Deployment first = fixture.deployLive(database.serviceId());
        assertThat(fixture.history.log(first.id())).anyMatch(line -> line.contains("pg_isready"));
        String container = fixture.container(database.serviceId(), first.id()).orElseThrow().getId();
        InspectContainerResponse inspected = docker().inspectContainerCmd(container).exec();
        assertThat(inspected.getMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(database.dataVolume());
            assertThat(m.getDestination().getPath()).isEqualTo("/var/lib/postgresql/data");
        });
        // No port published on the node, not even on its loopback.
        var bindings = inspected.getHostConfig().getPortBindings();
        assertThat(bindings == null ? java.util.Map.of() : bindings.getBindings()).isEmpty();
        assertThat(inspected.getConfig().getLabels()).doesNotContainKey(Labels.UPSTREAM);
        assertThat(inspected.getNetworkSettings().getNetworks().get("homeport").getAliases()).isNotEmpty();
        String psql = "export PGPASSWORD=\"$POSTGRES_PASSWORD\"; exec psql -v ON_ERROR_STOP=1 -tA -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"";
        sql(container, psql, "CREATE TABLE t (v text); INSERT INTO t VALUES ('kept');");

        Deployment second = fixture.deployLive(database.serviceId());
        assertThat(fixture.history.log(second.id())).anyMatch(line -> line.contains("one container at a time"));
        String next = fixture.container(database.serviceId(), second.id()).orElseThrow().getId();
        assertThat(sql(next, psql, "SELECT v FROM t;")).isEqualTo("kept");
        assertThat(docker().inspectContainerCmd(container).exec().getState().getRunning()).isFalse();

        Service service = fixture.inventory.service(database.serviceId());
        assertThatThrownBy(() -> fixture.inventory.updateService(new Service(service.id(), service.environmentId(), service.name(),
                new ServiceSource.Image("postgres:16"), service.port(), service.healthCheckPath(), null, null, service.options())))
                .isInstanceOf(ValidationException.class).hasMessageContaining("major upgrade").hasMessageContaining("dump");
        assertThatThrownBy(() -> fixture.inventory.updateService(new Service(service.id(), service.environmentId(), service.name(),
                service.source(), service.port(), service.healthCheckPath(), null, null, service.options().withVolumes(List.of()))))
                .isInstanceOf(ValidationException.class).hasMessageContaining(database.dataVolume());
    }

    @Test
    void aFailedReleaseOfADatabaseStartsThePreviousContainerAgain() throws Exception {
        database = fixture.database("pg", DatabaseEngine.POSTGRES, fixture.rig.postgresImage());
        Deployment first = fixture.deployLive(database.serviceId());
        String container = fixture.container(database.serviceId(), first.id()).orElseThrow().getId();
        // An image of the same major version that exits at once: the rig's Debian, whose bash ends without input.
        String broken = "homeport-test-broken:15-" + fixture.unique;
        dev.homeport.ssh.rig.Processes.run("docker", "tag", fixture.rig.baseImage(), broken);
        try {
            Service service = fixture.inventory.service(database.serviceId());
            fixture.inventory.updateService(new Service(service.id(), service.environmentId(), service.name(), new ServiceSource.Image(broken),
                    service.port(), service.healthCheckPath(), null, null, service.options()));
            Deployment failed = fixture.deploy(database.serviceId());
            assertThat(failed.state()).isEqualTo(dev.homeport.model.DeploymentState.FAILED);
            assertThat(String.join("\n", fixture.history.log(failed.id())) + failed.reason())
                    .contains("one container at a time").contains("started again");
            assertThat(docker().inspectContainerCmd(container).exec().getState().getRunning()).isTrue();
            assertThat(fixture.history.live(database.serviceId()).orElseThrow().id()).isEqualTo(first.id());
        } finally {
            fixture.close();
            dev.homeport.ssh.rig.Processes.call(List.of("docker", "rmi", broken), null);
        }
    }

    @Test
    void aDatabaseWithAPublicPortIsNotDeployedToAClusterYet() {
        database = fixture.database("pg", DatabaseEngine.POSTGRES, fixture.rig.postgresImage());
        fixture.inventory.databases().setPublicPort(database.serviceId(), 15432);
        // The store says the environment's nodes form a cluster; the refusal comes before any node is asked.
        fixture.nodes.attach(fixture.node.id(), new dev.homeport.model.EnvironmentCluster(fixture.environment.id(),
                dev.homeport.model.ClusterEngine.SWARM, "not-a-real-cluster"));
        assertThatThrownBy(() -> fixture.deploy(database.serviceId())).isInstanceOf(DeployException.class)
                .hasMessageContaining("a database on a cluster cannot be published yet").hasMessageContaining("Nothing was started");
        assertThat(fixture.history.ofService(database.serviceId())).isEmpty();
        fixture.nodes.endCluster(fixture.environment.id());
        database = null; // nothing was made on the node
    }

    @Test
    void mariadbAnswersItsPingAndTheUserReachesItsDatabase() throws Exception {
        database = fixture.database("maria", DatabaseEngine.MARIADB, fixture.rig.mariadbImage());
        Deployment live = fixture.deployLive(database.serviceId());
        assertThat(fixture.history.log(live.id())).anyMatch(line -> line.contains("mariadb-admin ping"));
        String container = fixture.container(database.serviceId(), live.id()).orElseThrow().getId();
        String mariadb = "export MYSQL_PWD=\"$MARIADB_PASSWORD\"; exec mariadb -N -B -h 127.0.0.1 -u \"$MARIADB_USER\" \"$MARIADB_DATABASE\"";
        assertThat(sql(container, mariadb, "SELECT CURRENT_USER();")).isEqualTo("maria@%");
    }

    @Test
    void redisGetsItsPasswordWithoutACommandLineAndKeepsItsDataAcrossARedeploy() throws Exception {
        database = fixture.database("cache", DatabaseEngine.REDIS, fixture.rig.redisImage());
        Deployment first = fixture.deployLive(database.serviceId());
        String container = fixture.container(database.serviceId(), first.id()).orElseThrow().getId();
        String password = fixture.inventory.reveal(fixture.inventory.variables(VariableScope.SERVICE, database.serviceId()).stream()
                .filter(v -> v.key().equals("REDIS_PASSWORD")).findFirst().orElseThrow()).reveal();
        InspectContainerResponse inspected = docker().inspectContainerCmd(container).exec();
        assertThat(String.join(" ", inspected.getConfig().getCmd())).doesNotContain(password);
        assertThat(String.join(" ", Arrays.asList(inspected.getArgs()))).doesNotContain(password);
        var top = docker().topContainerCmd(container).exec();
        assertThat(Arrays.deepToString(top.getProcesses())).contains("redis-server").doesNotContain(password);
        assertThat(exec(container, List.of("redis-cli", "ping"), null).output()).contains("NOAUTH");
        String cli = "export REDISCLI_AUTH=\"$REDIS_PASSWORD\"; exec redis-cli";
        assertThat(sql(container, cli, "SET k kept\n")).isEqualTo("OK");

        Deployment second = fixture.deployLive(database.serviceId());
        String next = fixture.container(database.serviceId(), second.id()).orElseThrow().getId();
        assertThat(sql(next, cli, "GET k\n")).isEqualTo("kept");
    }

    @Test
    void aPublicPortIsPublishedOnlyWhenAskedAndClosedAgain() throws Exception {
        database = fixture.database("exposed", DatabaseEngine.REDIS, fixture.rig.redisImage());
        Deployment closed = fixture.deployLive(database.serviceId());
        String first = fixture.container(database.serviceId(), closed.id()).orElseThrow().getId();
        assertThat(published(first)).isEmpty();
        assertThatThrownBy(() -> fixture.inventory.databases().setPublicPort(database.serviceId(), 443))
                .isInstanceOf(ValidationException.class).hasMessageContaining("Caddy's");

        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        fixture.inventory.databases().setPublicPort(database.serviceId(), port);
        Deployment open = fixture.deployLive(database.serviceId());
        assertThat(fixture.history.log(open.id())).anyMatch(line -> line.contains("published on port " + port + " of every address"));
        assertThat(published(fixture.container(database.serviceId(), open.id()).orElseThrow().getId()))
                .containsExactly("6379/tcp -> :" + port);
        assertThat(ConfigSnapshot.fromJson(open.configSnapshot()).changesSince(ConfigSnapshot.fromJson(closed.configSnapshot())))
                .contains("public port none → " + port);
        // The node is this machine: the port answers on its addresses, and Redis asks for its password.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(answer).startsWith("-NOAUTH");
        }

        fixture.inventory.databases().setPublicPort(database.serviceId(), null);
        Deployment again = fixture.deployLive(database.serviceId());
        String last = fixture.container(database.serviceId(), again.id()).orElseThrow().getId();
        assertThat(published(last)).isEmpty();
        assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close()).isInstanceOf(java.net.ConnectException.class);
    }

    /** The container's port bindings as Docker keeps them: "6379/tcp -> IP:PORT" (an empty IP: every address). */
    private List<String> published(String container) {
        var bindings = docker().inspectContainerCmd(container).exec().getHostConfig().getPortBindings();
        return bindings == null ? List.of() : bindings.getBindings().entrySet().stream()
                .flatMap(e -> Arrays.stream(e.getValue() == null ? new com.github.dockerjava.api.model.Ports.Binding[0] : e.getValue())
                        .map(b -> e.getKey() + " -> " + (b.getHostIp() == null ? "" : b.getHostIp()) + ":" + b.getHostPortSpec()))
                .toList();
    }

    /** Runs {@code input} through the client started by {@code shell} in the container; its output, stripped. */
    private String sql(String container, String shell, String input) {
        ContainerExec.Result result = exec(container, List.of("sh", "-c", shell), input);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().strip();
    }

    private ContainerExec.Result exec(String container, List<String> command, String input) {
        return ContainerExec.run(docker(), container, command, input == null ? null : input.getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(30));
    }

    private DockerClient docker() {
        return fixture.clients.docker(fixture.connection()).client();
    }
}
