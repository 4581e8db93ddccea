package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code homeport db public-port}: a warning, a confirmation, checked ports, shown by {@code db show} and carried by export and import. */
class DbPublicPortCliTest {
    private static final String DB = "acme/shop/prod/db";

    @TempDir
    Path root;
    CliRunner cli;

    @BeforeEach
    void shop() {
        cli = new CliRunner(root.resolve("home")).withShop();
        cli.ok("db", "create", DB, "--engine", "postgres", "--version", "16");
    }

    @Test
    void onAClusterShowNamesTheNodeTheDatabaseIsPinnedTo() {
        assertThat(cli.ok("db", "show", DB)).doesNotContain("Node");
        cli.ok("node", "add", "n1", "--host", "10.0.0.5", "--user", "deploy", "--agent", "--no-test");
        cli.withHomeport(homeport -> {
            long prod = homeport.inventory().resolve(dev.homeport.model.inventory.InventoryPath.parse("acme/shop/prod")).id();
            homeport.nodes().attach(homeport.nodes().node("n1").id(), new dev.homeport.model.EnvironmentCluster(prod,
                    dev.homeport.model.ClusterEngine.SWARM, "abc123"));
        });
        assertThat(cli.ok("db", "show", DB)).contains("none yet: its first deploy pins it to a node of the cluster");
        cli.ok("service", "set", DB, "--pin", "n1");
        assertThat(cli.ok("db", "show", DB)).contains("n1 (pinned: its one replica and its data volume are there)");
        assertThat(cli.json("db", "show", DB, "--json").get("node").asText()).isEqualTo("n1");
    }

    @Test
    void aPublicPortIsSetOnlyAfterTheWarningIsConfirmed() throws Exception {
        assertThat(cli.ok("db", "show", DB)).contains("5432 (not published: a tunnel reaches it)");
        CliRunner.Result piped = cli.run(new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8)), "db", "public-port", DB, "15432");
        assertThat(piped.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(piped.out()).startsWith("Warning: A public port lets anyone who can reach the node try the database's password");
        assertThat(piped.err()).contains("Nothing was changed: input is not a terminal, so pass --yes to confirm.");
        assertThat(cli.ok("db", "show", DB)).contains("not published");

        assertThat(cli.ok("db", "public-port", DB, "15432", "--yes"))
                .contains("Warning:", "'" + DB + "' will be published on port 15432 of every address of its node from its next deploy: homeport deploy " + DB);
        assertThat(cli.ok("db", "show", DB)).contains("5432, published on port 15432 of every address of its node (opted in)");
        assertThat(cli.ok("db", "public-port", DB, "15432", "--yes")).endsWith("is published on port 15432 already.\n");

        Path exported = root.resolve("inventory.yaml");
        cli.ok("export", "--output", exported.toString());
        assertThat(Files.readString(exported)).contains("publicPort: 15432");
        CliRunner other = new CliRunner(root.resolve("other"));
        other.ok("import", exported.toString());
        assertThat(other.ok("db", "show", DB)).contains("published on port 15432");

        assertThat(cli.ok("db", "public-port", DB, "off")).isEqualTo("'" + DB + "' will publish no port from its next deploy: homeport deploy " + DB + "\n");
        assertThat(cli.ok("db", "public-port", DB, "OFF")).isEqualTo("'" + DB + "' has no public port.\n");
        assertThat(Files.readString(exported)).contains("publicPort");
    }

    @Test
    void badPortsAndOtherServicesAreRefused() {
        CliRunner.Result caddy = cli.run("db", "public-port", DB, "443", "--yes");
        assertThat(caddy.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(caddy.err()).contains("443 is Caddy's on every node");
        assertThat(cli.run("db", "public-port", DB, "70000", "--yes").err()).contains("must be between 1 and 65535, got 70000");
        assertThat(cli.run("db", "public-port", DB, "soon", "--yes").err()).contains("PORT: must be a port number or off, got 'soon'");
        CliRunner.Result web = cli.run("db", "public-port", "acme/shop/prod/web", "15432", "--yes");
        assertThat(web.exitCode()).isNotZero();
        assertThat(cli.ok("db", "show", DB)).contains("not published");
    }
}
