package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.ClusterEngine;
import dev.homeport.model.EnvironmentCluster;
import dev.homeport.model.inventory.InventoryPath;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code env attach} and {@code env detach}: which Worker Nodes an environment's services deploy to. No server is needed. */
class EnvironmentNodesTest {
    private static final String PROD = "acme/shop/prod";

    @TempDir
    Path root;
    CliRunner cli;

    @BeforeEach
    void shopAndTwoNodes() {
        cli = new CliRunner(root.resolve("home")).withShop();
        cli.ok("node", "add", "edge-1", "--host", "10.0.0.5", "--user", "deploy", "--agent", "--no-test");
        cli.ok("node", "add", "edge-2", "--host", "10.0.0.6", "--user", "deploy", "--agent", "--no-test");
    }

    @Test
    void attachedNodesShowOnTheEnvironmentAndTheNode() {
        CliRunner.Result attached = cli.run("env", "attach", PROD, "edge-2");
        cli.ok("environment", "attach", PROD, "edge-1", "--no-cluster");

        assertThat(attached.exitCode()).as(attached.err()).isZero();
        assertThat(attached.out()).isEqualTo("Attached node 'edge-2' to environment 'acme/shop/prod'.\n");
        assertThat(cli.ok("env", "show", PROD)).endsWith("nodes        edge-1\n             edge-2\n");
        assertThat(cli.json("env", "show", PROD, "--json").get("nodes").toString()).isEqualTo("[\"edge-1\",\"edge-2\"]");
        assertThat(cli.json("node", "show", "edge-1", "--json").get("environments").toString()).isEqualTo("[\"acme/shop/prod\"]");
    }

    @Test
    void attachingTwiceSaysSoAndChangesNothing() {
        cli.ok("env", "attach", PROD, "edge-1");

        CliRunner.Result again = cli.run("env", "attach", PROD, "edge-1");

        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).isEqualTo("Node 'edge-1' is already attached to environment 'acme/shop/prod'.\n");
        assertThat(cli.json("env", "show", PROD, "--json").get("nodes").toString()).isEqualTo("[\"edge-1\"]");
    }

    @Test
    void detachingLeavesTheOtherNodes() {
        cli.ok("env", "attach", PROD, "edge-1");
        cli.ok("env", "attach", PROD, "edge-2", "--no-cluster");

        CliRunner.Result detached = cli.run("env", "detach", PROD, "edge-1");

        assertThat(detached.exitCode()).isZero();
        assertThat(detached.out()).isEqualTo("Detached node 'edge-1' from environment 'acme/shop/prod'."
                + " Containers already running on it keep running.\n");
        assertThat(cli.json("env", "show", PROD, "--json").get("nodes").toString()).isEqualTo("[\"edge-2\"]");
        assertThat(cli.json("node", "show", "edge-1", "--json").get("environments")).isEmpty();
    }

    @Test
    void aSecondNodeThatCannotBeReachedToFormAClusterIsNotAttached() {
        cli.ok("node", "add", "down-1", "--host", "127.0.0.1", "--port", "1", "--agent", "--no-test");
        cli.ok("node", "add", "down-2", "--host", "127.0.0.1", "--port", "1", "--agent", "--no-test");
        cli.ok("env", "attach", PROD, "down-1");

        CliRunner.Result refused = cli.run("env", "attach", PROD, "down-2");

        assertThat(refused.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(refused.err()).startsWith("homeport: Cannot reach down-2 to make acme/shop/prod's nodes one cluster: Connection refused")
                .endsWith("Nothing was changed.\n");
        assertThat(cli.json("env", "show", PROD, "--json").get("nodes").toString()).isEqualTo("[\"down-1\"]");
        assertThat(cli.ok("env", "cluster", PROD)).startsWith("acme/shop/prod is no cluster");
    }

    @Test
    void noClusterIsRefusedOnceTheEnvironmentIsACluster() {
        prodIsAClusterOfEdge1();

        CliRunner.Result refused = cli.run("env", "attach", PROD, "edge-2", "--no-cluster");
        String shown = cli.ok("env", "show", PROD);

        assertThat(refused.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(refused.err()).isEqualTo("homeport: acme/shop/prod is a Swarm cluster: every node attached to it joins the cluster."
                + " Attach edge-2 without --no-cluster.\n");
        assertThat(cli.json("env", "show", PROD, "--json").get("nodes").toString()).isEqualTo("[\"edge-1\"]");
        assertThat(cli.json("env", "show", PROD, "--json").get("cluster").asText()).isEqualTo("Docker Swarm abc123");
        assertThat(shown).contains("\ncluster      Docker Swarm abc123\nnodes        edge-1\n");
    }

    @Test
    void aDeployToAClusterCannotNameANode() {
        prodIsAClusterOfEdge1();

        CliRunner.Result deploy = cli.run("deploy", PROD + "/web", "--node", "edge-1");
        CliRunner.Result rollback = cli.run("rollback", PROD + "/web");

        assertThat(deploy.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(deploy.err()).isEqualTo("homeport: acme/shop/prod/web runs on its environment's cluster, where Swarm places the"
                + " replicas; a node cannot be named. Nothing was started.\n");
        assertThat(rollback.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(rollback.err()).isEqualTo("homeport: There is no earlier release to roll back to.\n");
        assertThat(cli.json("releases", PROD + "/web", "--json")).isEmpty();
    }

    @Test
    void detachingANodeThatIsNotAttachedFails() {
        CliRunner.Result refused = cli.run("env", "detach", PROD, "edge-1");

        assertThat(refused.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(refused.err()).isEqualTo("homeport: Node 'edge-1' is not attached to environment 'acme/shop/prod'.\n");
    }

    @Test
    void unknownNodesEnvironmentsAndWrongPathsAreRefused() {
        CliRunner.Result node = cli.run("env", "attach", PROD, "edge-9");
        CliRunner.Result environment = cli.run("env", "attach", "acme/shop/staging", "edge-1");
        CliRunner.Result service = cli.run("env", "attach", "acme/shop/prod/web", "edge-1");

        assertThat(node.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(node.err()).isEqualTo("homeport: No worker node named 'edge-9'.\n");
        assertThat(environment.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(environment.err()).isEqualTo("homeport: No environment named 'staging' in acme/shop.\n");
        assertThat(service.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(cli.json("env", "show", PROD, "--json").get("nodes")).isEmpty();
    }

    /** Records acme/shop/prod as a Swarm cluster with edge-1 in it, as an attach on real nodes would. */
    private void prodIsAClusterOfEdge1() {
        cli.withHomeport(homeport -> {
            long prod = homeport.inventory().resolve(InventoryPath.parse(PROD)).id();
            homeport.nodes().attach(homeport.nodes().node("edge-1").id(), new EnvironmentCluster(prod, ClusterEngine.SWARM, "abc123"));
        });
    }
}
