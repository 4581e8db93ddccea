package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.model.HomeportHome;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigHttp;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The command line deploys to the rig for real: deploy, releases, logs, a second release and a rollback. */
@ExtendWith(RigExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DeployCliTest {
    private static final String WEB = "acme/shop/prod/web";
    private final String domain = "cli-" + UUID.randomUUID().toString().substring(0, 6) + ".test";
    @TempDir
    Path root;
    private CliRunner cli;

    @AfterEach
    void removeWhatTheDeploysLeft() {
        try (Homeport homeport = Homeport.open(cli.home, null)) {
            long key = homeport.inventory().serviceNodeKey(homeport.inventory().tree().services().getFirst().id());
            var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
            DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
        }
    }

    @Test
    void deploysListsReleasesShowsLogsAndRollsBack(Rig rig) throws Exception {
        TestApps apps = new TestApps(rig);
        cli = CliRunner.withRigEnvironment(root.resolve("home"), rig);
        cli.ok("service", "create", WEB, "--image", apps.image("v1"), "--port", "8080", "--health-path", "/health", "--drain", "0");
        cli.ok("domain", "add", WEB, domain);
        cli.ok("var", "set", WEB, "GREETING=hello from the CLI");

        CliRunner.Result first = cli.run("deploy", WEB);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("==> PREPARING", "==> HEALTH_CHECKING", "==> ROUTING", "Health check passed")
                .endsWith("Deployment #1 of acme/shop/prod/web is LIVE on rig" + first.out().substring(first.out().lastIndexOf(" (")));
        assertThat(RigHttp.get("http", domain, "/", null).body()).isEqualTo("testapp v1");
        assertThat(RigHttp.get("http", domain, "/cgi-bin/env?GREETING", null).body()).isEqualTo("hello from the CLI");

        cli.ok("service", "set", WEB, "--image", apps.image("v2"));
        assertThat(cli.run("deploy", WEB, "--quiet").exitCode()).isZero();
        assertThat(RigHttp.get("http", domain, "/", null).body()).isEqualTo("testapp v2");

        String releases = cli.ok("releases", WEB);
        assertThat(releases).contains("LIVE", "SUPERSEDED").contains("source image " + apps.image("v1") + " → image " + apps.image("v2"));
        assertThat(cli.ok("releases", WEB, "--log", "1")).contains("Deploying acme/shop/prod/web to rig as deployment #1");
        assertThat(cli.run("logs", WEB, "--tail", "5").exitCode()).isZero();

        CliRunner.Result back = cli.run("rollback", WEB);
        assertThat(back.exitCode()).as(back.err()).isZero();
        assertThat(RigHttp.get("http", domain, "/", null).body()).isEqualTo("testapp v1");
        assertThat(cli.ok("releases", WEB)).contains("ROLLED_BACK");
    }
}
