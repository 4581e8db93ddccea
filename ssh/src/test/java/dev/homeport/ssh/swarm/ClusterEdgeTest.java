package dev.homeport.ssh.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import dev.homeport.ssh.docker.HomeportNetwork;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.proxy.ServiceRoute;
import dev.homeport.ssh.proxy.SharedAuthority;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigHttp;
import dev.homeport.ssh.transport.NodeConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge on the rig's three-node cluster: a service of two replicas made by hand on the overlay network,
 * its domain routed on every node, and requests to each node's Caddy from the rig reaching both replicas,
 * while a replica is killed too; then the route and the edge go, leaving nothing behind.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES) // the cluster may be busy with another test run first
class ClusterEdgeTest {
    private static final String DOMAIN = "web.edge.test";
    private static final String OTHER_DOMAIN = "api.edge.test";
    private static final long KEY = 7_301;
    private static final Duration REQUEST = Duration.ofSeconds(10);
    /** A web server in the base image (perl-base is there on every node): answers "replica <its host name>". */
    static final String SERVER = """
            use IO::Socket::INET; $SIG{TERM} = sub { exit 0 }; $SIG{CHLD} = 'IGNORE';
            open my $f, '<', '/etc/hostname'; my $h = <$f>; chomp $h;
            my $s = IO::Socket::INET->new(LocalPort => 8080, Listen => 64, ReuseAddr => 1) or die "listen: $!";
            while (1) { my $c = $s->accept or next;
              if (fork() == 0) { while (defined(my $l = <$c>)) { last if $l =~ /^\\r?\\n$/ }
                my $b = "replica $h"; print $c "HTTP/1.1 200 OK\\r\\nContent-Length: " . length($b) . "\\r\\nConnection: close\\r\\n\\r\\n$b";
                close $c; exit 0 }
              close $c }
            """;

    @TempDir
    Path folder;

    private ClusterFixture fixture;
    private final List<NodeConnection> nodes = new ArrayList<>();

    @BeforeEach
    void threeNodes(Rig rig) {
        fixture = new ClusterFixture(rig, folder);
        fixture.attachAll();
        nodes.addAll(fixture.rigConnections(rig));
    }

    @AfterEach
    void removeEverything() throws InterruptedException {
        try {
            ClusterEdge.remove(nodes, KEY);
            ClusterEdge.remove(nodes, KEY + 1);
            ClusterEdge.removeEdge(fixture.cluster.docker(1), nodes);
        } finally {
            fixture.close();
        }
    }

    @Test
    void everyNodeAnswersTheDomainFromTheReplicasWhileOneIsKilledAndNothingIsLeftAfterwards() throws Exception {
        DockerClient manager = fixture.cluster.docker(1);
        ClusterEdge.ensure(manager, nodes);
        long version = manager.inspectServiceCmd(ClusterEdge.SERVICE).exec().getVersion().getIndex();
        // A node without the cluster's certificate authority (as one that joins later) gets a copy of the others'.
        try (CaddyAdmin admin = CaddyAdmin.over(nodes.getLast())) {
            new CaddyRoutes(admin).unshare();
            assertThat(new CaddyRoutes(admin).sharedAuthority()).isEmpty();
        }
        ClusterEdge.ensure(manager, nodes);
        assertThat(manager.inspectServiceCmd(ClusterEdge.SERVICE).exec().getVersion().getIndex())
                .as("a second ensure changes nothing").isEqualTo(version);
        // A spec changed behind Homeport's back (here its label, as an older Homeport's would differ) is put right.
        var edge = manager.inspectServiceCmd(ClusterEdge.SERVICE).exec();
        manager.updateServiceCmd(edge.getId(), edge.getSpec().withLabels(Map.of("dev.homeport.edge", "sha256:older")))
                .withVersion(edge.getVersion().getIndex()).exec();
        ClusterEdge.ensure(manager, nodes);
        assertThat(manager.inspectServiceCmd(ClusterEdge.SERVICE).exec().getSpec().getLabels())
                .isEqualTo(ClusterEdge.spec(EdgeImage.standard()).getLabels());

        String service = "prod-web-edge1";
        manager.createServiceCmd(new ServiceSpec().withName(service)
                .withTaskTemplate(new TaskSpec()
                        .withContainerSpec(new ContainerSpec().withImage(baseImageId()).withCommand(List.of("perl", "-e", SERVER))
                                .withStopGracePeriod(1_000_000_000L))
                        .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(HomeportNetwork.CLUSTER_NAME))))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(2)))
                .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR))).exec();
        ClusterFixture.await("two replicas running", () -> running(service).size() == 2);

        ClusterEdge.route(nodes, new EdgeRoute(KEY, "web", List.of(DOMAIN), service, 8080, null));
        // The rig's nodes share this machine's disk: node 1's folder is visible here.
        PosixFileAttributes folderAttributes = Files.readAttributes(Path.of(ClusterEdge.FOLDERS, "node-1"), PosixFileAttributes.class);
        assertThat(folderAttributes.group().getName()).isEqualTo("caddy");
        assertThat(PosixFilePermissions.toString(folderAttributes.permissions())).isEqualTo("rwxr-x---");
        if ("root".equals(System.getProperty("user.name"))) {
            // The rig's Caddy runs as root; on a real node it is the user caddy, who may connect, as no other user may.
            assertThat(throughSocketAs("caddy", service)).startsWith("replica ");
            assertThat(throughSocketAs(fixture.node(1).user(), service)).doesNotStartWith("replica ");
        }
        for (NodeConnection node : nodes) {
            try (CaddyAdmin admin = CaddyAdmin.over(node)) {
                ServiceRoute held = new CaddyRoutes(admin).holderOf(DOMAIN, 0).orElseThrow();
                assertThat(held.serviceKey()).isEqualTo(KEY);
                assertThat(held.upstream()).startsWith("unix/" + ClusterEdge.FOLDERS + "/node-");
                assertThat(held.requestHeaders()).containsEntry("X-Homeport-Service", service).containsEntry("X-Homeport-Port", "8080");
            }
        }

        // One certificate authority for the cluster: every node's Caddy has the same, and its key is only in a file
        // that the user caddy may read, never in Caddy's config.
        SharedAuthority authority;
        String root;
        try (CaddyAdmin admin = CaddyAdmin.over(nodes.getFirst())) {
            authority = new CaddyRoutes(admin).sharedAuthority().orElseThrow();
            root = new CaddyRoutes(admin).rootCertificate(authority.id());
        }
        for (int n = 1; n <= nodes.size(); n++) {
            try (CaddyAdmin admin = CaddyAdmin.over(nodes.get(n - 1))) {
                CaddyRoutes routes = new CaddyRoutes(admin);
                assertThat(routes.sharedAuthority().orElseThrow().id()).as("node %d's shared authority", n).isEqualTo(authority.id());
                assertThat(routes.rootCertificate(authority.id())).as("node %d's root", n).isEqualTo(root);
                assertThat(routes.current(KEY).orElseThrow().cluster().authority()).isEqualTo(authority.id());
                assertThat(admin.config().config().toString()).doesNotContain("PRIVATE KEY");
            }
        }
        PosixFileAttributes key = Files.readAttributes(Path.of(authority.keyFile()), PosixFileAttributes.class);
        assertThat(key.group().getName()).isEqualTo("caddy");
        assertThat(PosixFilePermissions.toString(key.permissions())).isEqualTo("rw-r-----");

        // Every node answers, over HTTP and over HTTPS that the cluster's one root vouches for, from both replicas.
        Set<String> replicas = new HashSet<>();
        for (int n = 1; n <= nodes.size(); n++) {
            RigHttp.Response https = RigHttp.get(fixture.cluster.host(n), "https", DOMAIN, "/", root, REQUEST);
            assertThat(https.status()).as("https on node %d", n).isEqualTo(200);
            assertThat(https.body()).startsWith("replica ");
            for (int i = 0; i < 10; i++) {
                RigHttp.Response http = get(n);
                assertThat(http.status()).as("http on node %d: %s", n, http.body()).isEqualTo(200);
                replicas.add(http.body());
            }
        }
        assertThat(replicas).as("both replicas answer").hasSize(2);

        // A replica killed under a stream of requests to every node: none fails, and Swarm's new replica answers.
        Task victim = running(service).getFirst();
        int victimNode = nodeNumber(victim.getNodeId());
        int failures = 0;
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int i = 0; System.nanoTime() < until; i++) {
            if (i == 20) {
                fixture.cluster.docker(victimNode).killContainerCmd(victim.getStatus().getContainerStatus().getContainerID()).exec();
            }
            try {
                RigHttp.Response response = get(1 + i % nodes.size());
                failures += response.status() == 200 && response.body().startsWith("replica ") ? 0 : 1;
            } catch (IOException e) {
                failures++;
            }
        }
        assertThat(failures).as("failed requests while a replica was killed").isZero();
        ClusterFixture.await("two replicas running again", () -> running(service).size() == 2);

        ClusterEdge.remove(nodes, KEY);
        for (int n = 1; n <= nodes.size(); n++) {
            try (CaddyAdmin admin = CaddyAdmin.over(nodes.get(n - 1))) {
                assertThat(new CaddyRoutes(admin).current(KEY)).isEmpty();
            }
            assertThat(answersFromAReplica(n)).as("node %d after the route went", n).isFalse();
        }
        manager.removeServiceCmd(service).exec();

        ClusterEdge.removeEdge(manager, nodes);
        assertThat(manager.listServicesCmd().withNameFilter(List.of(ClusterEdge.SERVICE)).exec()).isEmpty();
        for (int n = 1; n <= nodes.size(); n++) {
            String host = fixture.cluster.docker(n).infoCmd().exec().getName();
            // The rig's nodes share this machine's disk, so their folders are visible here.
            assertThat(Path.of(ClusterEdge.FOLDERS, host)).as("node %d's socket folder", n).doesNotExist();
            assertThat(fixture.cluster.docker(n).listImagesCmd().withLabelFilter(Map.of("dev.homeport.edge", "true")).exec())
                    .as("edge images on node %d", n).isEmpty();
        }
        assertThat(Files.exists(Path.of(ClusterEdge.FOLDERS)) ? Files.list(Path.of(ClusterEdge.FOLDERS)).toList() : List.of()).isEmpty();
        assertThat(Files.exists(Path.of(ClusterEdge.AUTHORITIES)) ? Files.list(Path.of(ClusterEdge.AUTHORITIES)).toList() : List.of())
                .as("the certificate authority's folders").isEmpty();
        for (NodeConnection node : nodes) {
            try (CaddyAdmin admin = CaddyAdmin.over(node)) {
                assertThat(new CaddyRoutes(admin).sharedAuthority()).isEmpty();
            }
        }
    }

    @Test
    void aNodeWhoseDockerDiedAndCameBackAnswersAgainWithNothingDoneByHomeport() throws Exception {
        DockerClient manager = fixture.cluster.docker(1);
        ClusterEdge.ensure(manager, nodes);
        String service = "prod-web-edge2";
        manager.createServiceCmd(new ServiceSpec().withName(service)
                .withTaskTemplate(new TaskSpec()
                        .withContainerSpec(new ContainerSpec().withImage(baseImageId()).withCommand(List.of("perl", "-e", SERVER))
                                .withStopGracePeriod(1_000_000_000L))
                        .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(HomeportNetwork.CLUSTER_NAME))))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(3)))
                .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR))).exec();
        ClusterFixture.await("three replicas running", () -> running(service).size() == 3);
        ClusterEdge.route(nodes, new EdgeRoute(KEY, "web", List.of(DOMAIN), service, 8080, null));
        ClusterFixture.await("node 3 answering", () -> answersFromAReplica(3));

        // Node 3's Docker dies with its replica and its edge; nodes 1 and 2 keep answering while Swarm notices.
        // A request already on its way to node 3's replica when it died may be lost (no proxy can answer it
        // for a server that vanished mid-request); every request after the first seconds must be answered.
        fixture.cluster.nodeDown(3);
        long down = System.nanoTime();
        List<String> failed = new ArrayList<>();
        int requests = 0;
        long until = down + Duration.ofSeconds(25).toNanos();
        while (System.nanoTime() < until) {
            long start = System.nanoTime();
            String problem = problemFromAReplica(1 + requests % 2);
            if (problem != null) {
                failed.add(String.format("%.1f s after the death, for %.1f s: %s", (start - down) / 1e9, (System.nanoTime() - start) / 1e9,
                        problem));
            }
            requests++;
        }
        assertThat(failed).as("failed requests of %d to nodes 1 and 2 while node 3 was down", requests)
                .hasSizeLessThanOrEqualTo(1)
                .allMatch(failure -> Double.parseDouble(failure.substring(0, failure.indexOf(' '))) < 2.0);

        // Meanwhile a deploy would ensure the edge and route another domain: node 3's Docker is skipped, and
        // named; its Caddy (up, as is its SSH) gets the route all the same.
        assertThat(ClusterEdge.ensure(manager, nodes)).extracting(SkippedNode::node).containsExactly("cluster-3");
        assertThat(ClusterEdge.route(nodes, new EdgeRoute(KEY + 1, "api", List.of(OTHER_DOMAIN), service, 8080, null))).isEmpty();

        // Its Docker starts again: Swarm restarts the edge there (its stale socket replaced), and node 3 answers both.
        fixture.cluster.nodeUp(3);
        ClusterFixture.await("node 3 answering again", () -> answersFromAReplica(3));
        assertThat(RigHttp.get(fixture.cluster.host(3), "http", OTHER_DOMAIN, "/", null, REQUEST).body()).startsWith("replica ");
        ClusterEdge.remove(nodes, KEY + 1);
        ClusterEdge.remove(nodes, KEY);
        manager.removeServiceCmd(service).exec();
    }

    /** What node 1's edge answers {@code user} through its socket, with curl; curl's error when it refuses. */
    private static String throughSocketAs(String user, String service) throws IOException, InterruptedException {
        Process curl = new ProcessBuilder("runuser", "-u", user, "--", "curl", "-sS", "--max-time", "10",
                "--unix-socket", ClusterEdge.FOLDERS + "/node-1/edge.sock",
                "-H", "X-Homeport-Service: " + service, "-H", "X-Homeport-Port: 8080", "http://edge/")
                .redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        curl.waitFor();
        return output;
    }

    private RigHttp.Response get(int n) throws IOException {
        return RigHttp.get(fixture.cluster.host(n), "http", DOMAIN, "/", null, REQUEST);
    }

    private boolean answersFromAReplica(int n) {
        return problemFromAReplica(n) == null;
    }

    /** Null when node {@code n} answers from a replica; else what it did instead. */
    private String problemFromAReplica(int n) {
        try {
            RigHttp.Response response = get(n);
            return response.status() == 200 && response.body().startsWith("replica ") ? null
                    : "node " + n + " answered " + response.status() + ": " + response.body().strip();
        } catch (IOException refused) {
            return "node " + n + ": " + refused;
        }
    }

    private String baseImageId() {
        return fixture.cluster.docker(1).inspectImageCmd(fixture.cluster.baseImage()).exec().getId();
    }

    private List<Task> running(String service) {
        return fixture.cluster.runningTasks(service);
    }

    private int nodeNumber(String swarmNodeId) {
        for (int n = 1; n <= nodes.size(); n++) {
            if (fixture.swarmNodeId(n).equals(swarmNodeId)) {
                return n;
            }
        }
        throw new AssertionError("no rig node has Swarm ID " + swarmNodeId);
    }
}
