package dev.homeport.app;

import dev.homeport.model.HomeportHome;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.AlertSettings;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.NodeHistory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.inventory.Retention;
import dev.homeport.model.store.Store;
import dev.homeport.model.store.StoreBackups;
import dev.homeport.model.transfer.InventoryExporter;
import dev.homeport.model.transfer.InventoryImporter;
import dev.homeport.model.vault.Vault;
import dev.homeport.ssh.alerts.NodeAlerts;
import dev.homeport.ssh.deploy.DeployService;
import dev.homeport.ssh.deploy.DomainTakeover;
import dev.homeport.ssh.deploy.ServiceDomains;
import dev.homeport.ssh.deploy.Undeploy;
import dev.homeport.ssh.health.HealthSettings;
import dev.homeport.ssh.health.NodeHealthMonitor;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.provision.NodeSetupService;
import dev.homeport.ssh.swarm.SwarmClusters;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.transport.SshSettings;
import dev.homeport.ssh.tunnel.Tunnels;
import java.util.function.Consumer;

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
    private NodeClients clients;
    private NodeHealthMonitor health;
    private DeployService deploys;
    private Tunnels tunnels;
    private dev.homeport.app.tunnels.SavedTunnels savedTunnels;

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

    /** Grows with every write to the store, by anyone: what changed it need not be known to see that it changed. */
    public long changeCount() {
        return store.writeCount();
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

    /** How much deployment and node history the store keeps, and the pruning that applies it. */
    public Retention retention() {
        return new Retention(store);
    }

    /** Worker Nodes and their SSH connections; the SSH client starts on first use. */
    public synchronized NodeService nodeService() {
        return new NodeService(nodes(), keys(), connections());
    }

    private synchronized NodeConnections connections() {
        if (connections == null) {
            connections = new NodeConnections(SshSettings.defaults(home.knownHosts()));
        }
        return connections;
    }

    /** What happened to each node: probes and provisioning runs. */
    public NodeHistory nodeHistory() {
        return new NodeHistory(store);
    }

    /** Probe and provision nodes; each run is recorded in the node's history. */
    public NodeSetupService nodeSetup() {
        return new NodeSetupService(nodeService(), connections(), nodeHistory());
    }

    /** The alert settings: thresholds of Homeport's alarms and how the nodes send them (secrets sealed). */
    public AlertSettings alertSettings() {
        return new AlertSettings(store, vault);
    }

    /** What makes a crash loop, and how much of a log a Logs tab keeps. */
    public dev.homeport.model.inventory.WatchSettings watchSettings() {
        return new dev.homeport.model.inventory.WatchSettings(store);
    }

    /** The nodes' alarms (raised now, history), the test alert and mutes. */
    public NodeAlerts nodeAlerts() {
        return new NodeAlerts(nodeService(), nodeClients());
    }

    /** Each node's Docker Engine and Netdata clients, shared by every view and command. */
    public synchronized NodeClients nodeClients() {
        if (clients == null) {
            clients = new NodeClients(nodeService());
        }
        return clients;
    }

    /** "Test login": an organisation's stored registry login, checked from a node's Docker. */
    public dev.homeport.ssh.nodes.RegistryLoginCheck registryLogins() {
        return new dev.homeport.ssh.nodes.RegistryLoginCheck(inventory, nodes(), nodeClients());
    }

    /** Deploy, roll back, start, stop and restart services, and follow their logs; one per open store. */
    public synchronized DeployService deployService() {
        if (deploys == null) {
            deploys = new DeployService(inventory, nodes(), keys(), deployments(), nodeService(), nodeClients(), retention());
        }
        return deploys;
    }

    /** Where copies of database backups are pulled to on this machine, a folder per data volume. */
    public java.nio.file.Path databaseBackupFolder() {
        return home.root().resolve("database-backups");
    }

    /** Database backups on their nodes: schedules, backup now, the nodes' records, pulling copies. */
    public dev.homeport.ssh.backup.BackupService backupService() {
        return new dev.homeport.ssh.backup.BackupService(inventory, new dev.homeport.model.inventory.Backups(store, vault), deployService(),
                nodeService(), java.time.Clock.systemUTC());
    }

    /** Attaches nodes to environments and detaches them: a second node makes an environment's nodes one Swarm cluster. */
    public SwarmClusters clusters() {
        return new SwarmClusters(inventory, nodes(), nodeService(), nodeClients());
    }

    /**
     * Attaches a node to an environment (a second node makes its nodes one cluster, see {@link #clusters()}), then
     * gives a node that joined a cluster what the environment's services run: their live images, and the routes
     * of their domains. The one way both front ends attach a node to a cluster.
     */
    public void attach(long environmentId, WorkerNode node, String advertiseAddress, Prompts prompts, Consumer<String> progress)
            throws InterruptedException {
        clusters().attach(environmentId, node, advertiseAddress, prompts, progress);
        deployService().catchUp(environmentId, node, prompts, progress);
    }

    /** Takes services off their nodes, for a delete that undeploys too. */
    public Undeploy undeploy() {
        return new Undeploy(inventory, nodes(), deployments(), nodeService(), nodeClients(), deployService(),
                new dev.homeport.model.inventory.Backups(store, vault), dev.homeport.ssh.backup.BackupCron.LINES);
    }

    /** Restores and verifications of databases' backups. */
    /** A named volume's backups: listed with their marks, verified, and the old volumes restores kept. */
    public dev.homeport.ssh.backup.VolumeRestores volumeRestores() {
        return new dev.homeport.ssh.backup.VolumeRestores(inventory, backupService(), deployService(), nodeService(), nodeClients(),
                java.time.Clock.systemUTC());
    }

    public dev.homeport.ssh.backup.Restores restores() {
        return new dev.homeport.ssh.backup.Restores(inventory, nodes(), deployments(), nodeService(), nodeClients());
    }

    /** Takes a domain back from a route no service of this store owns. */
    public DomainTakeover domainTakeover() {
        return new DomainTakeover(inventory, deployService(), nodeService());
    }

    /** A service's default sslip.io domain and the DNS check of its domains. */
    public ServiceDomains serviceDomains() {
        return new ServiceDomains(inventory, deployService());
    }

    /** The periodic node check; made on first use with {@code settings}, which later calls ignore. */
    public synchronized NodeHealthMonitor healthMonitor(HealthSettings settings) {
        if (health == null) {
            NodeClients shared = nodeClients();
            health = new NodeHealthMonitor(settings, NodeHealthMonitor.standardChecks(settings, connection -> shared.docker(connection).client()));
        }
        return health;
    }

    /** The tunnels this Homeport has open; they close with it. */
    public synchronized Tunnels tunnels() {
        if (tunnels == null) {
            tunnels = new Tunnels(nodeService());
        }
        return tunnels;
    }

    /** Backups of this store: by hand, the schedule, the last runs. */
    public StoreBackups storeBackups() {
        return new StoreBackups(store, home);
    }

    /** The saved tunnels this app runs (started by hand or with the app); they stop when it closes. */
    public synchronized dev.homeport.app.tunnels.SavedTunnels savedTunnels() {
        if (savedTunnels == null) {
            savedTunnels = new dev.homeport.app.tunnels.SavedTunnels(this);
        }
        return savedTunnels;
    }

    public InventoryExporter exporter() {
        return new InventoryExporter(store, vault);
    }

    public InventoryImporter importer() {
        return new InventoryImporter(store, vault);
    }

    @Override
    public synchronized void close() {
        if (savedTunnels != null) {
            savedTunnels.close();
        }
        if (tunnels != null) {
            tunnels.close();
        }
        if (health != null) {
            health.close();
        }
        if (clients != null) {
            clients.close();
        }
        if (connections != null) {
            connections.close();
        }
        store.close();
    }
}
