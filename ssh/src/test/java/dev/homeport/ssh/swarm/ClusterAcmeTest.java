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
import com.github.dockerjava.api.model.TaskSpec;
import dev.homeport.ssh.docker.HomeportNetwork;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigAcme;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigHttp;
import dev.homeport.ssh.transport.NodeConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A public name of a cluster service, with certificates from a real ACME CA (the rig's pebble) over the HTTP
 * challenge, while the name resolves to one node only: the CA reaches node 2 for every node's order, node 2 passes
 * the challenges of nodes 1 and 3 on, and then every node answers the name over HTTPS that the CA vouches for.
 */
@ExtendWith(RigExtension.class)
class ClusterAcmeTest {
    private static final long KEY = 7_401;
    private static final Duration REQUEST = Duration.ofSeconds(10);

    @TempDir
    Path folder;

    private ClusterFixture fixture;
    private RigAcme acme;
    private final List<NodeConnection> nodes = new ArrayList<>();
    /** Unique per run: the CA's root changes when the rig restarts it, and nodes keep the certificates they have. */
    private final String name = RigAcme.uniqueName("shop");

    @BeforeEach
    void threeNodes(Rig rig) {
        acme = new RigAcme(rig);
        fixture = new ClusterFixture(rig, folder);
        fixture.attachAll();
        nodes.addAll(fixture.rigConnections(rig));
    }

    @AfterEach
    void removeEverything() throws InterruptedException {
        try {
            acme.forget(name);
            acme.removeCertificates(name);
            ClusterEdge.remove(nodes, KEY);
            ClusterEdge.removeEdge(fixture.cluster.docker(1), nodes);
        } finally {
            fixture.close();
        }
    }

    @Test
    void everyNodeGetsACertificateForANameThatResolvesToOneOfThem() throws Exception {
        DockerClient manager = fixture.cluster.docker(1);
        ClusterEdge.ensure(manager, nodes);
        String service = "prod-shop-acme1";
        String base = manager.inspectImageCmd(fixture.cluster.baseImage()).exec().getId();
        manager.createServiceCmd(new ServiceSpec().withName(service)
                .withTaskTemplate(new TaskSpec()
                        .withContainerSpec(new ContainerSpec().withImage(base).withCommand(List.of("perl", "-e", ClusterEdgeTest.SERVER))
                                .withStopGracePeriod(1_000_000_000L))
                        .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(HomeportNetwork.CLUSTER_NAME))))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(1)))
                .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR))).exec();
        ClusterFixture.await("the replica running", () -> !fixture.cluster.runningTasks(service).isEmpty());

        acme.resolve(name, List.of(fixture.cluster.host(2)));
        ClusterEdge.route(nodes, new EdgeRoute(KEY, "shop", List.of(name), service, 8080, null, acme.directory()));

        String root = acme.issuingRoot();
        for (int n = 1; n <= nodes.size(); n++) {
            int node = n;
            ClusterFixture.await("node " + n + " answering " + name + " with the CA's certificate", () -> answersOverHttps(node, root));
        }
        manager.removeServiceCmd(service).exec();
    }

    private boolean answersOverHttps(int n, String root) {
        try {
            RigHttp.Response response = RigHttp.get(fixture.cluster.host(n), "https", name, "/", root, REQUEST);
            return response.status() == 200 && response.body().startsWith("replica ");
        } catch (IOException notYet) {
            return false;
        }
    }
}
