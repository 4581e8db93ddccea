package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.Organisation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Config snapshots are kept as JSON with each deployment: ones written by older versions still load. */
class ConfigSnapshotTest {
    @Test
    void aSnapshotFromBeforeAcmeDirectoriesLoadsWithLetsEncrypt() {
        String older = """
                {"source":"image nginx:1.27","port":8080,"healthGate":"HTTP","healthPath":"/","healthTimeoutSeconds":60,
                 "restart":"UNLESS_STOPPED","cpus":null,"memoryMb":null,"volumes":[],"variables":[{"key":"A","value":"1","sealed":null}],
                 "domains":["shop.example.com"],"acmeEmail":"ops@example.com","drainSeconds":5,"keepReleases":5,
                 "replicas":1,"pinnedNode":null}""";

        ConfigSnapshot snapshot = ConfigSnapshot.fromJson(older);

        assertThat(snapshot.acmeEmail()).isEqualTo("ops@example.com");
        assertThat(snapshot.acmeDirectory()).isNull();
        assertThat(snapshot.domains()).containsExactly("shop.example.com");
    }

    @Test
    void theAcmeDirectoryIsKeptWithTheSnapshot() {
        ConfigSnapshot snapshot = new ConfigSnapshot("image nginx:1.27", 8080, "HTTP", "/", 60, "UNLESS_STOPPED", null, null, List.of(),
                List.of(), List.of("shop.example.com"), "ops@example.com", Organisation.LETS_ENCRYPT_STAGING, 5, 5, 1, null);

        assertThat(snapshot.toJson()).contains("\"acmeDirectory\":\"" + Organisation.LETS_ENCRYPT_STAGING + "\"");
        assertThat(ConfigSnapshot.fromJson(snapshot.toJson())).isEqualTo(snapshot);
    }
}
