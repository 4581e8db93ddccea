package dev.homeport.ssh.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Plain HTTP to the rig's real Caddy admin API through an SSH forward: answers, ETags, and Caddy's errors. */
@ExtendWith(RigExtension.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class CaddyAdminTest {
    @TempDir
    Path folder;
    private CaddyRigFixture caddy;

    @BeforeEach
    void open(Rig rig) {
        caddy = new CaddyRigFixture(rig, folder);
    }

    @AfterEach
    void close() {
        caddy.close();
    }

    @Test
    void theConfigComesWithTheEtagCaddySendsAsATrailer() {
        CaddyAdmin.Versioned versioned = caddy.admin.config();
        assertThat(versioned.etag()).matches("\"/config/ [0-9a-f]{8}\"");
        assertThat(versioned.config().path("admin").path("listen").asText()).isEqualTo(CaddyAdmin.ADMIN_HOST);
        assertThat(caddy.admin.get("/config/admin")).isEqualTo(versioned.config().path("admin"));
    }

    @Test
    void aStaleEtagIsRefusedWith412AndChangesNothing() {
        CaddyAdmin.Versioned before = caddy.admin.config();
        JsonNode changed = ((ObjectNode) before.config().deepCopy())
                .put("homeport_test_never_applied", true);
        assertThatThrownBy(() -> caddy.admin.replaceConfig(changed, "\"/config/ 00000000\""))
                .isInstanceOfSatisfying(ProxyException.class, e -> assertThat(e.status()).isEqualTo(ProxyException.PRECONDITION_FAILED))
                .hasMessage("Caddy on rig refused POST /config/ (HTTP 412): If-Match header did not match current config hash");
        assertThat(caddy.admin.config().config().has("homeport_test_never_applied")).isFalse();
    }

    @Test
    void caddysErrorsCarryItsMessageTheMethodAndThePath() {
        assertThatThrownBy(() -> caddy.admin.get("/config/homeport-test/nothing"))
                .isInstanceOfSatisfying(ProxyException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("Caddy on rig refused GET /config/homeport-test/nothing (HTTP 400):"
                        + " invalid traversal path at: config/homeport-test/nothing");
        assertThatThrownBy(() -> caddy.admin.delete("/id/homeport-test-" + caddy.run))
                .isInstanceOfSatisfying(ProxyException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("Caddy on rig refused DELETE /id/homeport-test-" + caddy.run + " (HTTP 404): unknown object ID 'homeport-test-"
                        + caddy.run + "'");
    }

    @Test
    void aConfigCaddyCannotLoadIsRefusedInItsOwnWords() {
        // Other tests may change the config meanwhile (412): try again on the fresh one, as CaddyRoutes does.
        ProxyException refused = null;
        for (int attempt = 0; attempt < 5 && (refused == null || refused.status() == ProxyException.PRECONDITION_FAILED); attempt++) {
            CaddyAdmin.Versioned before = caddy.admin.config();
            JsonNode broken = ((ObjectNode) before.config().deepCopy()).put("homeport_no_such_key", 1);
            refused = catchThrowableOfType(ProxyException.class, () -> caddy.admin.replaceConfig(broken, before.etag()));
        }
        // Caddy 2.6.2 answers 500 here, where POST /load answers 400 for the same config.
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused).hasMessage("Caddy on rig refused POST /config/ (HTTP 500): loading new config: json: unknown field"
                + " \"homeport_no_such_key\"");
        assertThat(caddy.admin.config().config().has("homeport_no_such_key")).isFalse();
    }

    @Test
    void theInternalCasRootIsAPemCertificate() {
        String pem = caddy.routes.internalRootCertificate();
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(caddy.routes.internalRootCertificate()).isEqualTo(pem);
    }

    @Test
    void aClosedClientRefusesToSend() {
        caddy.admin.close();
        assertThatThrownBy(() -> caddy.admin.get("/config/")).isInstanceOf(ProxyException.class)
                .hasMessage("The Caddy admin client for rig was closed.");
    }
}
