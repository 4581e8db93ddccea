package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.LocalNodeState;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigCluster;
import dev.homeport.ssh.rig.RigExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code env attach}, {@code env cluster} and {@code env detach} on the rig's three nodes, each with its own Docker. */
@ExtendWith(RigExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class EnvironmentClusterCliTest {
    private static final String PROD = "acme/shop/prod";

    @TempDir
    Path root;
    private RigCluster cluster;
    private CliRunner cli;

    @BeforeEach
    void threeNodes(Rig rig) throws IOException {
        cluster = new RigCluster(rig, root);
        cluster.reset();
        cli = new CliRunner(root.resolve("home")).withShop();
        Path knownHosts = cli.home.knownHosts();
        Files.createDirectories(knownHosts.getParent());
        Files.write(knownHosts, Files.readAllBytes(rig.clusterKnownHosts().orElseThrow()), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        for (int n = 1; n <= 3; n++) {
            cli.ok("node", "add", "n" + n, "--host", rig.clusterHost(n), "--user", rig.sshUser(), "--key", rig.sshKey().toString());
        }
    }

    @AfterEach
    void leaveTheSwarm() {
        cluster.close();
    }

    @Test
    void threeNodesBecomeOneClusterAndADetachedNodeLeavesIt() {
        String first = cli.ok("env", "attach", PROD, "n1");
        String second = cli.ok("env", "attach", PROD, "n2");
        String third = cli.ok("env", "attach", PROD, "n3");
        JsonNode three = cli.json("env", "cluster", PROD, "--json");
        String table = cli.ok("env", "cluster", PROD);

        String detached = cli.ok("env", "detach", PROD, "n2", "--drain-timeout", "60");
        JsonNode two = cli.json("env", "cluster", PROD, "--json");

        assertThat(first).isEqualTo("Attached node 'n1' to environment 'acme/shop/prod'.\n");
        assertThat(second).contains("Making n1 the first manager of a new Swarm cluster, at " + cluster.host(1) + ".\n")
                .contains("n2 joined as a worker.\n")
                .endsWith("Attached node 'n2' to environment 'acme/shop/prod': 2 nodes in Swarm cluster "
                        + three.get("clusterId").asText().substring(0, 12) + ".\n");
        assertThat(third).contains("n3 joined as a worker.\n", "n2 is now a manager.\n", "n3 is now a manager.\n",
                "3 manager(s) for 3 node(s)");
        assertThat(three.get("engine").asText()).isEqualTo("Docker Swarm");
        assertThat(names(three)).containsExactly("n1", "n2", "n3");
        assertThat(three.get("members")).allMatch(m -> m.get("manager").asBoolean() && m.get("state").asText().equals("ready")
                && m.get("availability").asText().equals("active") && m.get("replicas").asInt() == 0 && m.get("startingReplicas").asInt() == 0);
        assertThat(three.get("unplacedReplicas").asInt()).isZero();
        assertThat(table).startsWith("acme/shop/prod: Docker Swarm cluster " + three.get("clusterId").asText()
                + ", 3 node(s), 3 manager(s), 3 ready\n").containsPattern("\nn2 +manager +ready +active +0 replicas +" + cluster.host(2).replace(".", "\\.") + " +Docker ");
        assertThat(detached).contains("Draining n2", "n2 left the swarm.")
                .endsWith("Detached node 'n2' from environment 'acme/shop/prod': 2 node(s) left in the cluster.\n");
        assertThat(names(two)).containsExactly("n1", "n3");
        assertThat(cluster.swarmState(2)).isEqualTo(LocalNodeState.INACTIVE);
        assertThat(cli.json("env", "show", PROD, "--json").get("nodes").toString()).isEqualTo("[\"n1\",\"n3\"]");
    }

    @Test
    void aServiceOnTheClusterRunsAsReplicasThatScaleAndLog() throws IOException {
        cli.ok("env", "attach", PROD, "n1");
        cli.ok("env", "attach", PROD, "n2");
        CliRunner.Result noAuthority = cli.run("env", "root-certificate", PROD);
        assertThat(noAuthority.exitCode()).isEqualTo(1);
        assertThat(noAuthority.err()).contains("has no certificate authority yet: the first deploy of a service with a domain makes it.");
        Path app = Files.createDirectories(root.resolve("worker"));
        Files.writeString(app.resolve("Dockerfile"), "FROM " + cluster.baseImage() + "\n"
                + "CMD [\"sh\", \"-c\", \"echo hello from $(hostname); trap 'exit 0' TERM; while :; do sleep 1; done\"]\n");
        cli.ok("service", "create", PROD + "/worker", "--folder", app.toString(), "--replicas", "2");

        List<List<String>> before = List.of(workerImages(1), workerImages(2));
        String deployed = cli.ok("deploy", PROD + "/worker");
        JsonNode running = cli.json("env", "cluster", PROD, "--json");
        String table = cli.ok("env", "cluster", PROD);
        CliRunner.Result named = cli.run("deploy", PROD + "/worker", "--node", "n1");
        String scaled = cli.ok("service", "scale", PROD + "/worker", "1");
        String shown = cli.ok("service", "show", PROD + "/worker");

        assertThat(deployed).contains("to the cluster of n1 and n2 (2 replicas)", "Copying ", " from n1 to n2", "2 of 2 new replicas running");
        int replicas = 0;
        for (JsonNode member : running.get("members")) {
            replicas += member.get("replicas").asInt();
            assertThat(member.get("startingReplicas").asInt()).isZero();
        }
        assertThat(replicas).as("the release's replicas, counted on the nodes that run them").isEqualTo(2);
        assertThat(table).containsPattern("\nn1 +manager \\(leader\\) +ready +active +[0-2] replicas? +");
        assertThat(named.exitCode()).isNotZero();
        assertThat(named.err()).contains("a node cannot be named", "Nothing was started");
        assertThat(scaled).isEqualTo("Swarm now runs 1 replica of the live release.\n");
        assertThat(shown).containsPattern("replicas +1 on a cluster");
        assertThat(cluster.docker(1).listServicesCmd().exec()).singleElement()
                .satisfies(service -> assertThat(service.getSpec().getMode().getReplicated().getReplicas()).isEqualTo(1L));
        String logs = cli.ok("logs", PROD + "/worker");
        assertThat(logs).containsPattern("worker\\.[0-9]+@n[12] hello from ");

        cli.ok("service", "set", PROD + "/worker", "--pin", "n3");
        CliRunner.Result pinnedElsewhere = cli.run("deploy", PROD + "/worker");
        assertThat(pinnedElsewhere.err()).contains("acme/shop/prod/worker is pinned to n3, which is not a node of its environment's"
                + " cluster.", "Nothing was started.");

        // The release's images stay on the nodes until the service is deleted with --undeploy: the rig must be left as found.
        cli.ok("service", "delete", PROD + "/worker", "--undeploy", "--yes");
        for (int n = 1; n <= 2; n++) {
            assertThat(workerImages(n)).as("n" + n + "'s images of the worker").isEqualTo(before.get(n - 1));
        }
    }

    /** The IDs of images built for a service named worker on node {@code n}, by this run or any other. */
    private List<String> workerImages(int n) {
        return cluster.docker(n).listImagesCmd().exec().stream().filter(image -> image.getRepoTags() != null
                && java.util.Arrays.stream(image.getRepoTags()).anyMatch(tag -> tag.startsWith("homeport/prod-worker-")))
                .map(com.github.dockerjava.api.model.Image::getId).sorted().toList();
    }

    private static List<String> names(JsonNode view) {
        List<String> names = new ArrayList<>();
        view.get("members").forEach(member -> names.add(member.get("node").asText()));
        return names;
    }
}
