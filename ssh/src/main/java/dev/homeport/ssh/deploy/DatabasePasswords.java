package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Task;
import dev.homeport.model.Database;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.Deployment;
import dev.homeport.model.Service;
import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.inventory.Databases;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.inventory.References;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.docker.ContainerExec;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.swarm.SwarmClusters;
import dev.homeport.ssh.transport.Prompts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Changes a database's password: a new random one is set in the running database first (by its own
 * client in its container, through Docker's exec API, the statement on standard input: no command line
 * carries it), then in the vault. The services that refer to it get it on their next deploy; the result
 * names them.
 */
final class DatabasePasswords {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Inventory inventory;
    private final NodeInventory nodes;
    private final DeploymentHistory history;
    private final NodeService nodeService;
    private final NodeClients clients;
    private final ReleasePlanner planner;
    private final SwarmClusters clusters;

    DatabasePasswords(Inventory inventory, NodeInventory nodes, DeploymentHistory history, NodeService nodeService, NodeClients clients,
                      ReleasePlanner planner, SwarmClusters clusters) {
        this.clusters = clusters;
        this.inventory = inventory;
        this.nodes = nodes;
        this.history = history;
        this.nodeService = nodeService;
        this.clients = clients;
        this.planner = planner;
    }

    DeployService.PasswordChange change(long serviceId, Prompts prompts) {
        String path = planner.place(serviceId).path();
        Database database = inventory.databases().find(serviceId)
                .orElseThrow(() -> new DeployException(path + " is not a database; change a password variable with 'homeport var set'."));
        Service service = inventory.service(serviceId);
        DatabaseEngine engine = database.engine();
        List<Variable> variables = inventory.variables(VariableScope.SERVICE, serviceId);
        Secret current = inventory.reveal(find(variables, engine.passwordVariable(), path));
        Secret next = Databases.newPassword();
        var live = history.live(serviceId);
        boolean changedInDatabase = false;
        if (live.isPresent()) {
            setInDatabase(live.get(), database, variables, current, next, path, prompts);
            changedInDatabase = true;
        } else if (!history.ofService(serviceId).isEmpty()) {
            throw new DeployException(path + " has no live release, so its data cannot be reached to change the password there."
                    + " Deploy or start it first. Nothing was changed.");
        }
        try {
            inventory.setSecret(VariableScope.SERVICE, serviceId, engine.passwordVariable(), next);
        } catch (RuntimeException e) {
            throw new DeployException("The database has its new password, but the vault could not keep it (" + e.getMessage()
                    + "). Change it again to set one the vault knows.", e);
        }
        List<String> redeploy = new ArrayList<>();
        if (changedInDatabase && engine == DatabaseEngine.REDIS) {
            // Redis read its password from its environment when it started: a restart would bring the old one back.
            redeploy.add(service.name());
        }
        new References(inventory).referrers(service.environmentId(), service.name()).forEach(s -> redeploy.add(s.name()));
        return new DeployService.PasswordChange(path, changedInDatabase, List.copyOf(redeploy));
    }

    private void setInDatabase(Deployment live, Database database, List<Variable> variables, Secret current, Secret next, String path,
                               Prompts prompts) {
        ReleaseContainers containers;
        String containerId;
        long environmentId = inventory.service(database.serviceId()).environmentId();
        if (nodes.cluster(environmentId).isPresent()) {
            // Its one replica, on its pinned node.
            SwarmServices swarm = new SwarmServices(clients.docker(clusters.manager(environmentId, prompts), prompts).client());
            var service = swarm.of(inventory.serviceNodeKey(database.serviceId())).orElseThrow(() -> new DeployException(
                    "The Swarm service of " + path + " is gone from the cluster. Deploy it again first. Nothing was changed."));
            List<Task> running = ServiceTunnels.runningReplicas(swarm, service.getId(), live.id());
            if (running.isEmpty()) {
                throw new DeployException(path + " has no running replica on the cluster; start it first. Nothing was changed.");
            }
            Task task = running.getFirst();
            String nodeName = swarm.nodeNames().get(task.getNodeId());
            containers = new ReleaseContainers(clients.docker(nodeService.connection(nodes.node(nodeName), prompts)).client());
            containerId = task.getStatus().getContainerStatus().getContainerID();
        } else {
            containers = new ReleaseContainers(clients.docker(nodeService.connection(nodes.node(live.nodeId()), prompts)).client());
            Container container = containers.ofDeployment(inventory.serviceNodeKey(database.serviceId()), live.id())
                    .orElseThrow(() -> new DeployException("The container of deployment #" + live.id() + " of " + path + " is gone from its node."));
            if (!"running".equals(container.getState())) {
                throw new DeployException(path + " is not running (its container is " + container.getState() + "); start it first. Nothing was changed.");
            }
            containerId = container.getId();
        }
        DatabaseEngine engine = database.engine();
        String user = engine.userVariable() == null ? null : find(variables, engine.userVariable(), path).plainValue();
        // On a cluster the passwords are Swarm secrets, files in the replica: read into variables first.
        ContainerExec.Result result = containers.exec(containerId, DatabaseRuntime.withSecretFiles(command(engine)),
                statement(engine, user, current, next).getBytes(StandardCharsets.UTF_8), TIMEOUT);
        String output = result.output().replace(next.reveal(), "[REDACTED]").replace(current.reveal(), "[REDACTED]").strip();
        boolean ok = result.succeeded() && (engine != DatabaseEngine.REDIS || output.lines().allMatch(line -> line.strip().equals("OK")));
        if (!ok) {
            throw new DeployException("The database refused the new password" + (output.isEmpty() ? "" : ": " + output)
                    + ". Nothing was changed.");
        }
    }

    /** The client that changes the password, run in the database's container; none carries a password. */
    static List<String> command(DatabaseEngine engine) {
        return switch (engine) {
            // The official image trusts connections over the local socket.
            case POSTGRES -> List.of("sh", "-c", "exec psql -v ON_ERROR_STOP=1 -q -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"");
            case MARIADB -> List.of("sh", "-c", "export MYSQL_PWD=\"$MARIADB_ROOT_PASSWORD\"; exec mariadb -u root");
            case REDIS -> List.of("redis-cli", "-h", "127.0.0.1", "-p", "6379");
        };
    }

    /** What the client reads on standard input. Generated passwords are URL-safe base64: nothing in them needs quoting. */
    static String statement(DatabaseEngine engine, String user, Secret current, Secret next) {
        return switch (engine) {
            // A statement that fails is written to the server's log with its text: not this one.
            case POSTGRES -> "SET log_min_error_statement = panic;\nSET log_statement = 'none';\n"
                    + "ALTER USER CURRENT_USER WITH PASSWORD '" + next.reveal() + "';\n";
            case MARIADB -> "ALTER USER '" + user.replace("'", "''") + "'@'%' IDENTIFIED BY '" + next.reveal() + "';\n";
            case REDIS -> "AUTH " + current.reveal() + "\nCONFIG SET requirepass " + next.reveal() + "\n";
        };
    }

    private static Variable find(List<Variable> variables, String key, String path) {
        return variables.stream().filter(v -> v.key().equals(key)).findFirst()
                .orElseThrow(() -> new DeployException(path + " has no variable " + key + ", which holds its password."));
    }
}
