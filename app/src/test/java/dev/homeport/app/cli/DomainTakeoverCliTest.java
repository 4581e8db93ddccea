package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.model.inventory.InventoryPath;
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

/** {@code domain takeover} on the rig: a reinstalled Homeport gets its domain back from the route the old store left. */
@ExtendWith(RigExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DomainTakeoverCliTest {
    private static final String WEB = "acme/shop/prod/web";
    private final String domain = "reinstall-" + UUID.randomUUID().toString().substring(0, 6) + ".test";
    @TempDir
    Path root;
    private CliRunner before;
    private CliRunner after;

    @AfterEach
    void removeWhatTheDeploysLeft() {
        for (CliRunner cli : new CliRunner[] {before, after}) {
            if (cli == null) {
                continue;
            }
            try (Homeport homeport = Homeport.open(cli.home, null)) {
                long key = homeport.inventory().serviceNodeKey(homeport.inventory().resolve(InventoryPath.parse(WEB)).id());
                var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
            }
        }
    }

    private CliRunner store(Rig rig, String name, String image) throws Exception {
        CliRunner cli = CliRunner.withRigEnvironment(root.resolve(name), rig);
        cli.ok("service", "create", WEB, "--image", image, "--port", "8080", "--health-path", "/health", "--drain", "0");
        cli.ok("domain", "add", WEB, domain);
        return cli;
    }

    @Test
    void aReinstalledStoreIsToldHowToTakeItsDomainBackAndDoes(Rig rig) throws Exception {
        TestApps apps = new TestApps(rig);
        before = store(rig, "before", apps.image("v1"));
        assertThat(before.run("deploy", WEB, "--quiet").exitCode()).isZero();
        after = store(rig, "after", apps.image("v2"));

        CliRunner.Result refused = after.run("deploy", WEB);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.out() + refused.err()).contains(domain + " already leads to another service")
                .contains("homeport domain takeover " + WEB + " " + domain);
        assertThat(after.run("domain", "takeover", WEB, domain).err()).contains("--yes");

        CliRunner.Result taken = after.run("domain", "takeover", WEB, domain, "--yes");
        assertThat(taken.exitCode()).as(taken.err()).isZero();
        assertThat(taken.out()).startsWith(domain + " leads to a service this store does not have, on node rig")
                .endsWith("Took " + domain + " over on rig; deploy '" + WEB + "' to route it (homeport deploy " + WEB + ").\n");

        CliRunner.Result deployed = after.run("deploy", WEB, "--quiet");
        assertThat(deployed.exitCode()).as(deployed.err()).isZero();
        assertThat(RigHttp.get("http", domain, "/", null).body()).isEqualTo("testapp v2");
    }
}
