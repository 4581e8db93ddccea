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

    @Command(name = "show", description = "Show an environment: its services, variables (secret values are never shown) and nodes.")
    void show(@Parameters(paramLabel = "ORG/APP/ENV") String pathText,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        InventoryPath path = InventoryPath.parse(pathText, Level.ENVIRONMENT);
        Inventory inventory = context.inventory();
        long id = items.resolve(path).id();
        context.output().details(json, new EnvDetails(path.toString(), path.name(),
                inventory.services(id).stream().map(Service::name).toList(),
                inventory.variables(VariableScope.ENVIRONMENT, id).stream().map(VariableValue::of).toList(),
                context.homeport().nodes().attachedTo(id).stream().map(WorkerNode::name).toList()));
    }

    @Command(name = "attach", description = {"Attach a Worker Node to an environment: its services deploy there.",
            "With one node attached, 'homeport deploy' uses it; with several, name one with --node."})
    void attach(@Parameters(paramLabel = "ORG/APP/ENV") String pathText, @Parameters(paramLabel = "NODE") String nodeName) {
        InventoryPath path = InventoryPath.parse(pathText, Level.ENVIRONMENT);
        long environmentId = items.resolve(path).id();
        NodeInventory nodes = context.homeport().nodes();
        WorkerNode node = nodes.node(nodeName);
        if (nodes.attachedTo(environmentId).stream().anyMatch(n -> n.id() == node.id())) {
            context.output().line("Node '" + node.name() + "' is already attached to environment '" + path + "'.");
            return;
        }
        nodes.attach(node.id(), environmentId);
        context.output().line("Attached node '" + node.name() + "' to environment '" + path + "'.");
    }

    @Command(name = "detach", description = "Detach a Worker Node from an environment. Nothing on the node changes:"
            + " containers already running there keep running.")
    void detach(@Parameters(paramLabel = "ORG/APP/ENV") String pathText, @Parameters(paramLabel = "NODE") String nodeName) {
        InventoryPath path = InventoryPath.parse(pathText, Level.ENVIRONMENT);
        long environmentId = items.resolve(path).id();
        NodeInventory nodes = context.homeport().nodes();
        WorkerNode node = nodes.node(nodeName);
        if (!nodes.detach(node.id(), environmentId)) {
            throw new CliException(Cli.FAILED, "Node '" + node.name() + "' is not attached to environment '" + path + "'.");
        }
        context.output().line("Detached node '" + node.name() + "' from environment '" + path + "'."
                + " Containers already running on it keep running.");
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
