package dev.homeport.app.cli;

import dev.homeport.app.cli.Shapes.EnvDetails;
import dev.homeport.app.cli.Shapes.ItemRow;
import dev.homeport.app.cli.Shapes.VariableValue;
import dev.homeport.model.Service;
import dev.homeport.model.VariableScope;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.ssh.swarm.ClusterView;
import dev.homeport.ssh.swarm.Replicas;
import dev.homeport.ssh.swarm.SwarmClusters;
import dev.homeport.ssh.swarm.SwarmMember;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "environment", aliases = "env", description = {"Create, list, show, rename and delete environments.",
        "Attach the Worker Nodes an environment's services deploy to, and detach them."})
final class EnvironmentCmd extends GroupCmd {
    private final CliContext context;
    private final Items items;

    EnvironmentCmd(CliContext context) {
        this.context = context;
        this.items = new Items(context);
    }

    @Command(name = "create", description = "Create an environment in an application.")
    void create(@Parameters(paramLabel = "ORG/APP/ENV") String pathText) {
        InventoryPath path = InventoryPath.parse(pathText, Level.ENVIRONMENT);
        context.inventory().createEnvironment(items.resolve(path.parent()).id(), path.name());
        context.output().line("Created environment '" + path + "'.");
    }

    @Command(name = "list", description = "List the environments of an application.")
    void list(@Parameters(paramLabel = "ORG/APP") String pathText,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        InventoryPath application = InventoryPath.parse(pathText, Level.APPLICATION);
        context.output().list(json, context.inventory().environments(items.resolve(application).id()).stream()
                .map(e -> ItemRow.of(application, e.name())).toList());
    }

    @Command(name = "show", description = "Show an environment: its services, variables (secret values are never shown), cluster and nodes.")
    void show(@Parameters(paramLabel = "ORG/APP/ENV") String pathText,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        InventoryPath path = InventoryPath.parse(pathText, Level.ENVIRONMENT);
        Inventory inventory = context.inventory();
        long id = items.resolve(path).id();
        context.output().details(json, new EnvDetails(path.toString(), path.name(),
                inventory.services(id).stream().map(Service::name).toList(),
                inventory.variables(VariableScope.ENVIRONMENT, id).stream().map(VariableValue::of).toList(),
                context.homeport().nodes().cluster(id).map(c -> c.engine().label() + " " + c.clusterId()).orElse(null),
                context.homeport().nodes().attachedTo(id).stream().map(WorkerNode::name).toList()));
    }

    @Command(name = "attach", description = {"Attach a Worker Node to an environment: its services deploy there.",
            "The first node runs the environment's services as containers. A second node makes the environment's nodes one"
                    + " Docker Swarm cluster (or joins the swarm the first node manages); every later node joins it. Replicas then"
                    + " spread over the nodes, and move when one dies. See docs/clusters.md.",
            "With --no-cluster, the nodes stay apart and each deploy names one with --node."})
    void attach(@Parameters(paramLabel = "ORG/APP/ENV") String pathText, @Parameters(paramLabel = "NODE") String nodeName,
                @Option(names = "--no-cluster", description = "Attach without making the nodes one cluster.") boolean alone,
                @Option(names = "--advertise-address", paramLabel = "IP", description = "The address the node gives the cluster's"
                        + " other nodes, when Homeport's guess (its address on the way to the manager) is wrong.") String advertise)
            throws InterruptedException {
        InventoryPath path = InventoryPath.parse(pathText, Level.ENVIRONMENT);
        long environmentId = items.resolve(path).id();
        NodeInventory nodes = context.homeport().nodes();
        WorkerNode node = nodes.node(nodeName);
        if (nodes.attachedTo(environmentId).stream().anyMatch(n -> n.id() == node.id())) {
            context.output().line("Node '" + node.name() + "' is already attached to environment '" + path + "'.");
            return;
        }
        SwarmClusters clusters = context.homeport().clusters();
        if (alone) {
            clusters.attachAlone(environmentId, node, context.output()::line);
        } else {
            context.homeport().attach(environmentId, node, advertise, new TerminalPrompts(context.terminal()), context.output()::line);
        }
    }

    @Command(name = "detach", description = {"Detach a Worker Node from an environment.",
            "A node of a single node or of nodes attached with --no-cluster is only detached: containers already running on it"
                    + " keep running. A node of a cluster is drained first: Swarm moves its replicas to the other nodes, then it"
                    + " leaves the cluster. Detaching a cluster's last node ends the cluster."})
    void detach(@Parameters(paramLabel = "ORG/APP/ENV") String pathText, @Parameters(paramLabel = "NODE") String nodeName,
                @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "" + SwarmClusters.DEFAULT_DRAIN_SECONDS,
                        description = "How long to wait for the node's replicas to move (default: ${DEFAULT-VALUE}).") int drainSeconds)
            throws InterruptedException {
        InventoryPath path = InventoryPath.parse(pathText, Level.ENVIRONMENT);
        long environmentId = items.resolve(path).id();
        WorkerNode node = context.homeport().nodes().node(nodeName);
        if (drainSeconds < 1) {
            throw new CliException(Cli.BAD_INPUT, "--drain-timeout must be at least 1 second, got " + drainSeconds + ".");
        }
        context.homeport().clusters().detach(environmentId, node, Duration.ofSeconds(drainSeconds),
                new TerminalPrompts(context.terminal()), context.output()::line);
    }

    @Command(name = "cluster", description = {"Show the cluster an environment's nodes form: each node's role (manager or worker),"
            + " its state as Swarm sees it (ready or down), its availability (active, or drain while it is emptied) and the replicas"
            + " of Homeport's services it runs (and those Swarm is starting there, as when another node died)."})
    void cluster(@Parameters(paramLabel = "ORG/APP/ENV") String pathText,
                 @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        InventoryPath path = InventoryPath.parse(pathText, Level.ENVIRONMENT);
        long environmentId = items.resolve(path).id();
        Optional<ClusterView> view = context.homeport().clusters().view(environmentId, new TerminalPrompts(context.terminal()));
        if (json) {
            context.output().json(view.map(ClusterShape::of).orElseGet(() -> ClusterShape.none(path.toString())));
            return;
        }
        if (view.isEmpty()) {
            context.output().line(path + " is no cluster: its node runs its services as containers. Attaching a second node"
                    + " makes its nodes one Docker Swarm cluster.");
            return;
        }
        ClusterView cluster = view.get();
        context.output().line(cluster.environment() + ": " + cluster.engine() + " cluster " + cluster.clusterId() + ", "
                + cluster.members().size() + " node(s), " + cluster.managers() + " manager(s), " + cluster.ready() + " ready");
        context.output().list(false, cluster.members().stream().map(member -> new MemberRow(member, cluster.replicasOn(member))).toList());
        if (!cluster.placing().isEmpty()) {
            context.output().line(cluster.placing());
        }
        cluster.problems().forEach(problem -> context.output().line("problem: " + problem));
    }

    @Command(name = "root-certificate", description = {"Print the root certificate (PEM) of the certificate authority that signs the"
            + " internal names (.test, .internal, .localhost, IP addresses) of the environment's cluster on every node.",
            "Trust it once, in a browser or with 'curl --cacert', and every node's certificate is valid. The first deploy of a"
            + " service with a domain to the cluster makes it."})
    void rootCertificate(@Parameters(paramLabel = "ORG/APP/ENV") String pathText) {
        InventoryPath path = InventoryPath.parse(pathText, Level.ENVIRONMENT);
        Optional<String> pem = context.homeport().clusters().rootCertificate(items.resolve(path).id(), new TerminalPrompts(context.terminal()));
        if (pem.isEmpty()) {
            throw new CliException(Cli.FAILED, "The cluster of " + path + " has no certificate authority yet: the first deploy of a"
                    + " service with a domain makes it.");
        }
        context.output().line(pem.get().strip());
    }

    /** One member of a cluster, as a row: its node, role, state, availability, replicas, address and engine. */
    private record MemberRow(SwarmMember member, Replicas replicas) implements Output.Row {
        @Override
        public List<String> cells() {
            return List.of(String.valueOf(member.name()), member.role(), member.state(), member.availability(), replicas.words(),
                    String.valueOf(member.address()), "Docker " + member.engineVersion());
        }
    }

    /**
     * What {@code env cluster --json} prints; {@code engine} is null and {@code members} empty for an environment that is no
     * cluster. {@code unplacedReplicas}: replicas Swarm has given no node yet.
     */
    record ClusterShape(String environment, String engine, String clusterId, List<MemberShape> members, int unplacedReplicas,
                        List<String> problems) {
        static ClusterShape of(ClusterView view) {
            return new ClusterShape(view.environment(), view.engine(), view.clusterId(),
                    view.members().stream().map(member -> MemberShape.of(member, view.replicasOn(member))).toList(), view.unplaced(),
                    view.problems());
        }

        static ClusterShape none(String environment) {
            return new ClusterShape(environment, null, null, List.of(), 0, List.of());
        }
    }

    /** {@code replicas}: of Homeport's services, running on the node; {@code startingReplicas}: placed there, not running yet. */
    record MemberShape(String node, String hostname, String address, String role, boolean manager, boolean leader, String state,
                       String availability, int replicas, int startingReplicas, String engineVersion) {
        static MemberShape of(SwarmMember member, Replicas replicas) {
            return new MemberShape(member.homeportNode(), member.hostname(), member.address(), member.manager() ? "manager" : "worker",
                    member.manager(), member.leader(), member.state(), member.availability(), replicas.running(), replicas.starting(),
                    member.engineVersion());
        }
    }

    @Command(name = "rename", description = "Rename an environment.")
    void rename(@Parameters(paramLabel = "ORG/APP/ENV") String path, @Parameters(paramLabel = "NEW_NAME") String newName) {
        items.rename(Level.ENVIRONMENT, path, newName);
    }

    @Command(name = "delete", description = "Delete an environment with its services, after showing what goes.")
    void delete(@Parameters(paramLabel = "ORG/APP/ENV") String path,
                @Mixin Items.DeleteOptions options) {
        items.delete(Level.ENVIRONMENT, path, options);
    }
}
