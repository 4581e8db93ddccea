package dev.homeport.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.Vault;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployOptionsTest {
    @TempDir
    Path folder;

    @Test
    void volumesAreReadAsDockerWritesThem() {
        assertThat(Volume.parse("data:/var/lib/app")).isEqualTo(new Volume("data", "/var/lib/app", false));
        assertThat(Volume.parse("/srv/media:/media:ro")).isEqualTo(new Volume("/srv/media", "/media", true));
        assertThat(Volume.parse("/srv/media:/media:ro").named()).isFalse();
        assertThat(Volume.parse("data:/var/lib/app:ro")).hasToString("data:/var/lib/app:ro");
        for (String bad : List.of("data", "data:relative", "da ta:/x", "$(rm):/x", "data:/x:rx", "a:/b:ro:extra", "../up:/x", "-v:/x")) {
            assertThatThrownBy(() -> Volume.parse(bad)).as(bad).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void optionsHaveLimitsAndDefaults() {
        DeployOptions defaults = DeployOptions.defaults();
        assertThat(defaults.restart()).isEqualTo(RestartPolicy.UNLESS_STOPPED);
        assertThat(defaults.keepReleases()).isEqualTo(5);
        assertThat(defaults.gateFor(8080)).isEqualTo(HealthGate.HTTP);
        assertThat(defaults.gateFor(null)).isEqualTo(HealthGate.RUNNING);
        assertThatThrownBy(() -> defaults.withHealth(HealthGate.TCP, 0)).hasMessageContaining("between 1 and 3600");
        assertThatThrownBy(() -> defaults.withKeepReleases(0)).hasMessageContaining("keepReleases");
        assertThatThrownBy(() -> defaults.withDrainSeconds(-1)).hasMessageContaining("drain");
        assertThat(defaults.replicas()).isEqualTo(1);
        assertThatThrownBy(() -> defaults.withReplicas(0)).hasMessageContaining("replicas").hasMessageContaining("between 1 and 100");
        assertThatThrownBy(() -> defaults.withReplicas(101)).hasMessageContaining("got 101");
        assertThat(defaults.pinnedNode()).isNull();
        assertThat(defaults.withPinnedNode(" ").pinnedNode()).isNull();
        assertThatThrownBy(() -> defaults.withPinnedNode("db 1")).hasMessageContaining("pinnedNode");
        assertThatThrownBy(() -> defaults.withVolumes(List.of(Volume.parse("a:/x"), Volume.parse("b:/x"))))
                .hasMessageContaining("same path");
        assertThat(RestartPolicy.parse("unless-stopped")).isEqualTo(RestartPolicy.UNLESS_STOPPED);
        assertThatThrownBy(() -> RestartPolicy.parse("sometimes")).hasMessageContaining("on-failure");
        assertThatThrownBy(() -> HealthGate.parse("ping")).hasMessageContaining("http, tcp, image or running");
    }

    @Test
    void anHttpOrTcpGateNeedsAPort() {
        ServiceSource image = new ServiceSource.Image("nginx");
        assertThatThrownBy(() -> new Service(0, 1, "worker", image, null, null, null, null, DeployOptions.defaults().withHealth(HealthGate.TCP, 30)))
                .hasMessageContaining("needs the service's port");
        assertThat(new Service(0, 1, "worker", image, null, null, null, null, null).healthGate()).isEqualTo(HealthGate.RUNNING);
    }

    @Test
    void aGitSourceTakesADeployKeyOrAnHttpsToken() {
        Vault vault = Vault.openOrCreate(folder.resolve("vault.key"), null);
        var token = vault.seal(Secret.of("ghp_token"), dev.homeport.model.vault.SecretKind.GIT_TOKEN);
        assertThatThrownBy(() -> new ServiceSource.Git("git@example.com:me/app.git", "main", "Dockerfile", ".", null, token))
                .hasMessageContaining("https://");
        assertThatThrownBy(() -> new ServiceSource.Git("https://example.com/me/app.git", "main", "Dockerfile", ".", 1L, token))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new ServiceSource.Git("https://example.com/me/app.git", "main", "Dockerfile", ".", 1L, null))
                .hasMessageContaining("ssh repository URL");
        assertThat(new ServiceSource.Git("git@example.com:me/app.git", "main", "Dockerfile", ".", 1L, null).deployKeyId()).isEqualTo(1L);
    }

    @Test
    void theStoreKeepsEveryOption() {
        HomeportHome home = new HomeportHome(folder.resolve("home"));
        try (Store store = Store.open(home)) {
            Inventory inventory = new Inventory(store, Vault.openOrCreate(home.vaultKey(), null));
            long env = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            DeployOptions options = new DeployOptions(HealthGate.TCP, 90, RestartPolicy.ON_FAILURE,
                    List.of(Volume.parse("data:/data"), Volume.parse("/srv/x:/x:ro")), 3, 7, 3, "db-1");
            var token = inventory.sealGitToken(Secret.of("tok-123"));
            Service created = inventory.createService(new Service(0, env, "web",
                    new ServiceSource.Git("https://example.com/me/app.git", "v1.2", "docker/Dockerfile", "services/web", null, token),
                    8080, "/healthz", 0.5, 256, options));
            Service read = inventory.service(created.id());
            assertThat(read.options()).isEqualTo(options);
            assertThat(((ServiceSource.Git) read.source()).token()).isEqualTo(token);
            assertThat(inventory.gitToken(((ServiceSource.Git) read.source()).token()).reveal()).isEqualTo("tok-123");
            DeployOptions edited = options.withKeepReleases(9).withRestart(RestartPolicy.ALWAYS).withReplicas(5).withPinnedNode(null);
            Service changed = inventory.updateService(read.withOptions(edited));
            assertThat(changed.options()).isEqualTo(edited);
            assertThat(inventory.service(changed.id()).options()).isEqualTo(edited);
            long key = inventory.serviceNodeKey(created.id());
            assertThat(key).isPositive();
            Service other = inventory.createService(created.withName("api"));
            assertThat(inventory.serviceNodeKey(other.id())).isNotEqualTo(key);
        }
    }
}
