package dev.homeport.ssh.deploy;

import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.Environment;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Service;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.inventory.Retention;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Vault;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A Homeport store with one organisation, application and environment, the
 * rig's own host attached as its node, and the deploy service over it. It
 * removes what its services left on the rig (containers, images, Caddy routes).
 */
final class DeployFixture implements AutoCloseable {
    final Rig rig;
    final Store store;
    final Vault vault;
    final Inventory inventory;
    final NodeInventory nodes;
    final KeyInventory keys;
    final DeploymentHistory history;
    final NodeConnections connections;
    final NodeService nodeService;
    final NodeClients clients;
    final DeployService deploys;
    final Environment environment;
    final WorkerNode node;
    /** A unique suffix, so names never clash with other runs on the same rig. */
    final String unique = UUID.randomUUID().toString().substring(0, 6);
    /** The node keys of the services made here, kept so cleaning up works even after the store is closed. */
    private final List<Long> serviceKeys = new ArrayList<>();

    DeployFixture(Rig rig, Path folder) {
        this.rig = rig;
        HomeportHome home = new HomeportHome(folder.resolve("home"));
        store = Store.open(home);
        vault = Vault.openOrCreate(home.vaultKey(), null);
        inventory = new Inventory(store, vault);
        nodes = new NodeInventory(store, vault);
        keys = new KeyInventory(store, vault);
        history = new DeploymentHistory(store);
        connections = new NodeConnections(RigTargets.settings(rig, folder));
        nodeService = new NodeService(nodes, keys, connections);
        clients = new NodeClients(nodeService);
        deploys = new DeployService(inventory, nodes, keys, history, nodeService, clients, new Retention(store));
        var organisation = inventory.createOrganisation("acme");
        var application = inventory.createApplication(organisation.id(), "shop");
        environment = inventory.createEnvironment(application.id(), "t" + unique);
        node = nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
        nodes.attach(node.id(), environment.id());
    }

    /** A service of this fixture's environment; its domain is {@code <name>-<unique>.test}. */
    Service service(Service draft) {
        Service created = inventory.createService(draft.withEnvironment(environment.id()));
        serviceKeys.add(inventory.serviceNodeKey(created.id()));
        return created;
    }

    /** A database service of this fixture's environment; its data volume is the test's to remove. */
    dev.homeport.model.Database database(String name, dev.homeport.model.DatabaseEngine engine, String image) {
        var created = inventory.databases().create(environment.id(), name, engine, image);
        serviceKeys.add(inventory.serviceNodeKey(created.serviceId()));
        return created;
    }

    String domain(String name) {
        return name + "-" + unique + ".test";
    }

    /** The container of a service's deployment on the rig. */
    java.util.Optional<com.github.dockerjava.api.model.Container> container(long serviceId, long deploymentId) {
        return new ReleaseContainers(clients.docker(connection()).client()).ofDeployment(inventory.serviceNodeKey(serviceId), deploymentId);
    }

    NodeConnection connection() {
        return nodeService.connection(node, Prompts.NONE);
    }

    Deployment deploy(long serviceId) throws InterruptedException {
        return deploys.deploy(serviceId, null, Prompts.NONE, DeployListener.NONE).await();
    }

    Deployment deployLive(long serviceId) throws InterruptedException {
        Deployment result = deploy(serviceId);
        if (result.state() != DeploymentState.LIVE) {
            throw new AssertionError("deployment #" + result.id() + " ended " + result.state() + ": " + result.reason()
                    + "\n" + String.join("\n", history.log(result.id())));
        }
        return result;
    }

    private boolean closed;

    /** Idempotent: a test may close it early, before it removes something of its own. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            var docker = clients.docker(connection()).client();
            for (long key : serviceKeys) {
                DeployedServices.remove(connection(), docker, key);
            }
            // Filtered here: API 1.41 ignores docker-java's image name filter and would list every image.
            String built = "homeport/" + environment.name() + "-";  // <env>-<service>-<key tag>:<deployment>
            for (var image : docker.listImagesCmd().exec()) {
                if (image.getRepoTags() != null && image.getRepoTags().length > 0 && java.util.Arrays.stream(image.getRepoTags()).allMatch(tag -> tag.startsWith(built))) {
                    docker.removeImageCmd(image.getId()).withForce(true).exec();
                }
            }
        } finally {
            clients.close();
            connections.close();
            store.close();
        }
    }
}
