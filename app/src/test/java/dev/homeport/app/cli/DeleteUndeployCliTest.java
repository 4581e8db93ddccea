package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigHttp;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code delete --undeploy} on the rig: the plan read from the node, then the service's container and route gone with it. */
@ExtendWith(RigExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DeleteUndeployCliTest {
    private static final String WEB = "acme/shop/prod/web";
    private static final String API = "acme/shop/prod/api";
    private final String unique = UUID.randomUUID().toString().substring(0, 6);
    private final String domain = "undeploy-" + unique + ".test";
    private final List<Long> keys = new ArrayList<>();
    @TempDir
    Path root;
    private CliRunner cli;

    @AfterEach
    void removeWhatTheDeploysLeft() {
        try (Homeport homeport = Homeport.open(cli.home, null)) {
            var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
            for (long key : keys) {
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
            }
        }
    }

    private long keyOf(String path) {
        try (Homeport homeport = Homeport.open(cli.home, null)) {
            var inventory = homeport.inventory();
            return inventory.serviceNodeKey(inventory.resolve(dev.homeport.model.inventory.InventoryPath.parse(path)).id());
        }
    }

    private boolean routed(long key) {
        try (Homeport homeport = Homeport.open(cli.home, null);
             CaddyAdmin admin = CaddyAdmin.over(homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE))) {
            return new CaddyRoutes(admin).current(key).isPresent();
        }
    }

    @Test
    void aNodeThatCannotBeReachedIsNamedAndNothingIsDeletedFromTheInventory(Rig rig) throws Exception {
        cli = CliRunner.withRigEnvironment(root.resolve("home"), rig);
        // Nobody answers on a closed port of loopback.
        cli.ok("node", "add", "gone", "--host", "127.0.0.1", "--port", "9", "--user", "nobody", "--key", rig.sshKey().toString(), "--no-test");
        cli.ok("env", "attach", "acme/shop/prod", "gone", "--no-cluster");
        cli.ok("service", "create", WEB, "--image", "homeport/never-deployed:1", "--port", "8080");

        CliRunner.Result kept = cli.run("env", "delete", "acme/shop/prod", "--undeploy", "--yes");
        assertThat(kept.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(kept.out()).contains("Cannot reach node gone (");
        assertThat(kept.err()).contains("'acme/shop/prod' stays in the inventory: 1 thing(s) on its nodes could not be removed")
                .contains("Node gone could not be reached");
        assertThat(cli.ok("service", "list", "acme/shop/prod")).startsWith("web ");
    }

    @Test
    void deleteWithUndeployShowsWhatRunsThenRemovesItWithTheService(Rig rig) throws Exception {
        TestApps apps = new TestApps(rig);
        cli = CliRunner.withRigEnvironment(root.resolve("home"), rig);
        cli.ok("service", "create", WEB, "--image", apps.image("v1"), "--port", "8080", "--health-path", "/health", "--drain", "0");
        cli.ok("service", "create", API, "--image", apps.image("v1"), "--port", "8080", "--health-path", "/health", "--drain", "0");
        keys.add(keyOf(WEB));
        keys.add(keyOf(API));
        cli.ok("domain", "add", WEB, domain);
        assertThat(cli.run("deploy", WEB, "--quiet").exitCode()).isZero();
        assertThat(cli.run("deploy", API, "--quiet").exitCode()).isZero();
        assertThat(RigHttp.get("http", domain, "/", null).body()).isEqualTo("testapp v1");

        // Without --undeploy: it says what stays running, and how to remove it.
        CliRunner.Result plain = cli.run("service", "delete", API, "--yes");
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(plain.out()).contains("is not removed, and keeps running")
                .contains("To remove them too: homeport service delete " + API + " --undeploy");
        assertThat(cli.run("service", "delete", WEB, "--remove-volumes", "--yes").err()).contains("--remove-volumes: applies only with --undeploy");

        CliRunner.Result undeployed = cli.run("service", "delete", WEB, "--undeploy", "--yes");
        assertThat(undeployed.exitCode()).as(undeployed.err()).isZero();
        assertThat(undeployed.out()).contains("On its nodes, this removes:")
                .containsPattern("Containers on rig: prod-web-1[0-9a-z]{4} \\(" + WEB + "\\)")
                .contains("Caddy route on rig: " + domain + " (" + WEB + ")")
                .contains("Removed the Caddy route of " + WEB)
                .doesNotContain("keeps running")
                .endsWith("Deleted service '" + WEB + "' and removed what it ran on its nodes.\n");
        assertThat(routed(keys.getFirst())).isFalse();
        try (Homeport homeport = Homeport.open(cli.home, null)) {
            var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
            var docker = homeport.nodeClients().docker(connection).client();
            assertThat(docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(java.util.Map.of("dev.homeport.service", Long.toString(keys.getFirst()))).exec()).isEmpty();
            // The plain delete left the other service's container running.
            assertThat(docker.listContainersCmd()
                    .withLabelFilter(java.util.Map.of("dev.homeport.service", Long.toString(keys.get(1)))).exec()).hasSize(1);
        }
        assertThat(cli.ok("service", "list", "acme/shop/prod")).isEmpty();
    }
}
