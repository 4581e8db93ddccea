package dev.homeport.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.HomeportHome;
import dev.homeport.model.SavedTunnel;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.ValidationException;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Vault;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved tunnels in the store: the rules a saved one keeps, one name and one local port each, and going with its service. */
class SavedTunnelInventoryTest {
    @TempDir
    Path folder;
    private Store store;
    private Inventory inventory;
    private SavedTunnelInventory tunnels;
    private long web;

    @BeforeEach
    void open() {
        HomeportHome home = new HomeportHome(folder);
        store = Store.open(home);
        inventory = new Inventory(store, Vault.openOrCreate(home.vaultKey(), null));
        tunnels = inventory.savedTunnels();
        long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(),
                "prod").id();
        web = inventory.createService(new Service(0, environment, "web", new ServiceSource.Image("nginx:1"), 80, "/", null, null)).id();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aSavedTunnelIsKeptChangedAndDeleted() {
        SavedTunnel saved = tunnels.add(SavedTunnel.toService("web", web, null, 18080, true));
        assertThat(saved.id()).isPositive();
        assertThat(tunnels.all()).containsExactly(saved);
        assertThat(tunnels.named("web")).isEqualTo(saved);

        SavedTunnel changed = tunnels.update(new SavedTunnel(saved.id(), "web-admin", web, null, 9000, 19000, false));
        assertThat(tunnels.find(saved.id())).contains(changed);
        assertThat(tunnels.byName("web")).isEmpty();

        tunnels.delete(saved.id());
        assertThat(tunnels.all()).isEmpty();
        assertThatThrownBy(() -> tunnels.named("web-admin")).isInstanceOf(NotFoundException.class)
                .hasMessage("There is no saved tunnel named 'web-admin'.");
    }

    @Test
    void aNameOrALocalPortIsUsedOnceAndBadOnesAreRefusedByName() {
        tunnels.add(SavedTunnel.toService("web", web, null, 18080, false));
        assertThatThrownBy(() -> tunnels.add(SavedTunnel.toService("web", web, 9000, 18081, false)))
                .isInstanceOf(ValidationException.class).hasMessage("name: a saved tunnel is already named 'web'");
        assertThatThrownBy(() -> tunnels.add(SavedTunnel.toService("admin", web, 9000, 18080, false)))
                .isInstanceOf(ValidationException.class).hasMessage("localPort: the saved tunnel 'web' already uses local port 18080");
        assertThatThrownBy(() -> SavedTunnel.toService("list", web, null, 18082, false))
                .hasMessageContaining("'list' is a word of the tunnel command");
        assertThatThrownBy(() -> SavedTunnel.toService("Web", web, null, 18082, false)).hasMessageStartingWith("name: must be lower-case");
        assertThatThrownBy(() -> SavedTunnel.toService("web2", web, null, 70000, false)).hasMessage("localPort: must be 1–65535, got 70000");
        assertThatThrownBy(() -> new SavedTunnel(0, "both", web, 1L, 80, 18083, false)).hasMessageStartingWith("target:");
        assertThat(tunnels.all()).hasSize(1);
    }

    @Test
    void aSavedTunnelGoesWithItsService() {
        tunnels.add(SavedTunnel.toService("web", web, null, 18080, false));
        inventory.delete(new Ref(Level.SERVICE, web));
        assertThat(tunnels.all()).isEmpty();
    }
}
