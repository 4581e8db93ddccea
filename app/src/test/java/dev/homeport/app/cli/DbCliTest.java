package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.model.VariableScope;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code homeport db} on the rig: create, show, connect through a tunnel with the local psql, a new password, delete keeping the data. */
@ExtendWith(RigExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DbCliTest {
    private static final String DB = "acme/shop/prod/db";
    private static final String WEB = "acme/shop/prod/web";
    @TempDir
    Path root;
    private CliRunner cli;
    private Long key;
    private String volume;

    @AfterEach
    void removeWhatTheDeployLeft() {
        if (key != null) {
            try (Homeport homeport = Homeport.open(cli.home, null)) {
                var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
            }
        }
        if (volume != null) {
            Processes.call(List.of("docker", "volume", "rm", "-f", volume), null);
        }
    }

    @Test
    void aPostgresDatabaseFromCreateToDeleteKeepingItsData(Rig rig) throws Exception {
        cli = CliRunner.withRigEnvironment(root.resolve("home"), rig);
        assertThat(cli.run("db", "create", DB, "--engine", "mongodb").err()).contains("engine: must be postgres, mariadb or redis");
        assertThat(cli.run("db", "create", DB, "--engine", "postgres", "--image", "postgres").err()).contains("must pin a major version");
        assertThat(cli.run("db", "create", DB, "--engine", "postgres", "--version", "16", "--image", "postgres:16").exitCode())
                .isEqualTo(Cli.BAD_INPUT);
        String created = cli.ok("db", "create", DB, "--engine", "postgres", "--image", rig.postgresImage());
        assertThat(created).contains("Created PostgreSQL 15 database '" + DB + "'").contains("${{db.DATABASE_URL}}");
        try (Homeport homeport = Homeport.open(cli.home, null)) {
            long id = homeport.inventory().resolve(InventoryPath.parse(DB)).id();
            key = homeport.inventory().serviceNodeKey(id);
            volume = homeport.inventory().databases().find(id).orElseThrow().dataVolume();
            // The password is a secret variable: sealed in the store.
            assertThat(homeport.inventory().variables(VariableScope.SERVICE, id)).anySatisfy(v -> {
                assertThat(v.key()).isEqualTo("POSTGRES_PASSWORD");
                assertThat(v.secret()).isTrue();
            });
        }
        assertThat(cli.ok("var", "list", DB)).contains("POSTGRES_PASSWORD").contains("(secret)");

        cli.ok("service", "create", WEB, "--image", "homeport/never-deployed:1", "--port", "8080");
        cli.ok("var", "set", WEB, "DATABASE_URL=${{db.DATABASE_URL}}");
        assertThat(cli.ok("var", "list", WEB)).contains("${{db.DATABASE_URL}}");
        assertThat(cli.ok("export")).contains("${{db.DATABASE_URL}}");
        String shown = cli.ok("db", "show", DB);
        assertThat(shown).contains("postgres 15 (pinned)").contains("volume " + volume + " at /var/lib/postgresql/data")
                .contains("${{db.PASSWORD}}").containsPattern("Used by +web");

        assertThat(cli.run("deploy", DB, "--quiet").exitCode()).isZero();
        CliRunner.Result connected = cli.run("db", "connect", DB, "--", "-tA", "-c", "SELECT 40 + 2");
        assertThat(connected.exitCode()).as(connected.err()).isZero();
        assertThat(connected.out().strip()).isEqualTo("42");
        assertThat(connected.err()).contains("postgresql://db:••••••@127.0.0.1:");

        CliRunner.Result changed = cli.run("db", "password", DB);
        assertThat(changed.exitCode()).as(changed.err()).isZero();
        assertThat(changed.out()).contains("in the database and the vault").contains("Redeploy to pass it on: web.");
        assertThat(cli.run("db", "connect", DB, "--", "-tA", "-c", "SELECT 1").out().strip()).isEqualTo("1");
        // Its own client in its container, with nothing installed here; the changed password does not stop it.
        CliRunner.Result console = cli.run(new java.io.ByteArrayInputStream("SELECT 6 * 7 AS answer;\n\\q\n".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), "shell", DB, "--client");
        assertThat(console.exitCode()).as(console.err()).isZero();
        assertThat(console.out()).contains(" 42\r\n");
        CliRunner.Result notADatabase = cli.run("shell", WEB, "--client");
        assertThat(notADatabase.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(notADatabase.err()).contains("--client: '" + WEB + "' is not a database");
        assertThat(cli.run("shell", "rig", "--client").err()).contains("--client: only a database has a client to open; 'rig' is a node.");

        CliRunner.Result upgrade = cli.run("service", "set", DB, "--image", "postgres:16");
        assertThat(upgrade.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(upgrade.err()).contains("major upgrade").contains("dump");
        assertThat(cli.run("db", "show", WEB).err()).contains("is not a database");

        CliRunner.Result deleted = cli.run("service", "delete", DB, "--undeploy", "--yes");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.out()).contains("Volumes kept on rig: " + volume);
        assertThat(Processes.call(List.of("docker", "volume", "inspect", volume), null).exit()).as("the data volume stays").isZero();
    }
}
