package dev.homeport.ssh.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/** The edge's image and config, without a node: the same bytes every time, and the routing the edge does. */
class EdgeImageTest {
    @Test
    void theSameConfigGivesTheSameImageIdOnEveryNodeAndAnotherConfigAnother() {
        assertThat(EdgeImage.standard().id()).startsWith("sha256:").isEqualTo(EdgeImage.standard().id());
        assertThat(EdgeImage.of("{}").id()).isNotEqualTo(EdgeImage.standard().id());
    }

    @Test
    void theServiceSpecIsLabelledWithADigestOfItselfTheSameEveryTime() {
        assertThat(ClusterEdge.spec(EdgeImage.standard()).getLabels()).isEqualTo(ClusterEdge.spec(EdgeImage.standard()).getLabels())
                .containsOnlyKeys("dev.homeport.edge");
        assertThat(ClusterEdge.spec(EdgeImage.standard()).getLabels()).isNotEqualTo(ClusterEdge.spec(EdgeImage.of("{}")).getLabels());
    }

    @Test
    void theArchiveHoldsAManifestAConfigAndOneLayerWithTheEdgesConfigAndNoProgram() throws Exception {
        List<String> names = new ArrayList<>();
        byte[] layer = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(EdgeImage.standard().archive()))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName());
                if (entry.getName().equals("layer/layer.tar")) {
                    layer = tar.readAllBytes();
                }
            }
        }
        assertThat(names).contains("manifest.json", "layer/layer.tar", EdgeImage.standard().id().substring("sha256:".length()) + ".json");
        List<String> files = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(layer))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile() && !entry.isSymbolicLink()) {
                    files.add(entry.getName());
                }
            }
        }
        assertThat(files).containsExactlyInAnyOrder("etc/nsswitch.conf", "etc/homeport-edge/edge.json");
    }

    @Test
    void theEdgeFindsTheReplicasOfTheServiceNamedInTheHeadersAndDropsThoseHeaders() throws Exception {
        JsonNode proxy = new ObjectMapper().readTree(EdgeConfig.json()).at("/apps/http/servers/edge/routes/0/handle/0");
        assertThat(proxy.at("/dynamic_upstreams/name").asText()).isEqualTo("tasks.{http.request.header.X-Homeport-Service}");
        assertThat(proxy.at("/dynamic_upstreams/port").asText()).isEqualTo("{http.request.header.X-Homeport-Port}");
        assertThat(proxy.at("/headers/request/delete").toString()).isEqualTo("[\"X-Homeport-Service\",\"X-Homeport-Port\"]");
        assertThat(new ObjectMapper().readTree(EdgeConfig.json()).at("/apps/http/servers/edge/listen/0").asText())
                .isEqualTo("unix//edge/edge.sock");
    }
}
