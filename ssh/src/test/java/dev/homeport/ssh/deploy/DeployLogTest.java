package dev.homeport.ssh.deploy;

import static dev.homeport.ssh.deploy.SecretMask.MASK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.HomeportHome;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Vault;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deployment's log masks what it is given before the listener or the store sees it, whole texts and streams cut anywhere. */
class DeployLogTest {
    private static final String TOKEN = "tok-5feceb66ffc86f38";
    private static final String KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nAgMBAAE=\n-----END PRIVATE KEY-----";

    @TempDir
    Path folder;
    private Store store;
    private DeploymentHistory history;
    private long deploymentId;
    private final List<String> shown = new CopyOnWriteArrayList<>();
    private DeployLog log;

    @BeforeEach
    void open() {
        HomeportHome home = new HomeportHome(folder);
        store = Store.open(home);
        Inventory inventory = new Inventory(store, Vault.openOrCreate(home.vaultKey(), null));
        long env = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
        long service = inventory.createService(new Service(0, env, "web", new ServiceSource.Image("nginx"), 80, null, null, null)).id();
        history = new DeploymentHistory(store);
        deploymentId = history.queue(service, null, "nginx", "{}").id();
        log = new DeployLog(history, deploymentId, new DeployListener() {
            @Override
            public void log(String line) {
                shown.add(line);
            }
        });
        log.mask(TOKEN);
        log.mask(KEY);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<String> stored() {
        log.flush();
        return history.log(deploymentId);
    }

    @Test
    void aMultiLineValueInOneTextBecomesOneMaskedLine() {
        log.line("SIGNING_KEY=" + KEY + "\nAPI_TOKEN=" + TOKEN + "\n");
        assertThat(shown).containsExactly("SIGNING_KEY=" + MASK, "API_TOKEN=" + MASK);
        assertThat(stored()).isEqualTo(shown);
    }

    @Test
    void aSecretCutByAChunkBoundaryIsStillMasked() {
        try (DeployLog.Lines lines = log.lines()) {
            lines.append("Step 2/3 : RUN ./print\n token is " + TOKEN.substring(0, 7));
            assertThat(shown).as("the unfinished line waits for its end").containsExactly("Step 2/3 : RUN ./print");
            lines.append(TOKEN.substring(7) + " ok\n\n" + KEY.substring(0, 40));
            lines.append(KEY.substring(40) + "\nno line end at the very end");
        }
        // The key was cut at one of its line ends: each of its lines is masked on its own.
        assertThat(shown).containsExactly("Step 2/3 : RUN ./print", " token is " + MASK + " ok", "", MASK, MASK, MASK, MASK,
                "no line end at the very end");
        assertThat(stored()).isEqualTo(shown);
    }

    @Test
    void aReasonIsMaskedByTheSameRule() {
        assertThat(log.masked("The health check failed. Last lines: " + String.join(" | ", KEY.lines().toList()) + " | " + TOKEN))
                .isEqualTo("The health check failed. Last lines: " + String.join(" | ", List.of(MASK, MASK, MASK, MASK, MASK)));
    }
}
