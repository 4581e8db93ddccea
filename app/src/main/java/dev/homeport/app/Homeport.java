package dev.homeport.app;

import dev.homeport.model.HomeportHome;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.store.Store;
import dev.homeport.model.transfer.InventoryExporter;
import dev.homeport.model.transfer.InventoryImporter;
import dev.homeport.model.vault.Vault;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.SshSettings;

/**
 * The services of one opened Homeport store. The desktop app and the CLI each
 * open one and call the same services through it; neither holds business
 * logic of its own.
 */
public final class Homeport implements AutoCloseable {
    private final HomeportHome home;
    private final Store store;
    private final Vault vault;
    private final Inventory inventory;
    private NodeConnections connections;

    private Homeport(HomeportHome home, Store store, Vault vault) {
        this.home = home;
        this.store = store;
        this.vault = vault;
        this.inventory = new Inventory(store, vault);
    }

    /** Opens the store and the vault in {@code home}; blocking, so never call it on the FX thread. */
    public static Homeport open(HomeportHome home, Vault.PassphrasePrompt passphrase) {
        // The store's lock comes first, so two processes never both create a vault key.
        Store store = Store.open(home);
        try {
            return new Homeport(home, store, Vault.openOrCreate(home.vaultKey(), passphrase));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public HomeportHome home() {
        return home;
    }

    public Vault vault() {
        return vault;
    }

    public Inventory inventory() {
        return inventory;
    }

    public NodeInventory nodes() {
        return new NodeInventory(store, vault);
    }

    public KeyInventory keys() {
        return new KeyInventory(store, vault);
    }

    public DeploymentHistory deployments() {
        return new DeploymentHistory(store);
    }

    /** Worker Nodes and their SSH connections; the SSH client starts on first use. */
    public synchronized NodeService nodeService() {
        if (connections == null) {
            connections = new NodeConnections(SshSettings.defaults(home.knownHosts()));
        }
        return new NodeService(nodes(), keys(), connections);
    }

    public InventoryExporter exporter() {
        return new InventoryExporter(store, vault);
    }

    public InventoryImporter importer() {
        return new InventoryImporter(store, vault);
    }

    @Override
    public synchronized void close() {
        if (connections != null) {
            connections.close();
        }
        store.close();
    }
}
