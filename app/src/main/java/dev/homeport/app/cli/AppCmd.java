package dev.homeport.app.cli;

import dev.homeport.app.cli.Shapes.AppDetails;
import dev.homeport.app.cli.Shapes.ItemRow;
import dev.homeport.model.Environment;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "app", description = "Create, list, show, rename and delete applications.")
final class AppCmd extends GroupCmd {
    private final CliContext context;
    private final Items items;

    AppCmd(CliContext context) {
        this.context = context;
        this.items = new Items(context);
    }

    @Command(name = "create", description = "Create an application in an organisation.")
    void create(@Parameters(paramLabel = "ORG/APP") String pathText) {
        InventoryPath path = InventoryPath.parse(pathText, Level.APPLICATION);
        context.inventory().createApplication(items.resolve(path.parent()).id(), path.name());
        context.output().line("Created application '" + path + "'.");
    }

    @Command(name = "list", description = "List the applications of an organisation.")
    void list(@Parameters(paramLabel = "ORG") String pathText,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        InventoryPath organisation = InventoryPath.parse(pathText, Level.ORGANISATION);
        context.output().list(json, context.inventory().applications(items.resolve(organisation).id()).stream()
                .map(a -> ItemRow.of(organisation, a.name())).toList());
    }

    @Command(name = "show", description = "Show an application and its environments.")
    void show(@Parameters(paramLabel = "ORG/APP") String pathText,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        InventoryPath path = InventoryPath.parse(pathText, Level.APPLICATION);
        context.output().details(json, new AppDetails(path.toString(), path.name(),
                context.inventory().environments(items.resolve(path).id()).stream().map(Environment::name).toList()));
    }

    @Command(name = "rename", description = "Rename an application.")
    void rename(@Parameters(paramLabel = "ORG/APP") String path, @Parameters(paramLabel = "NEW_NAME") String newName) {
        items.rename(Level.APPLICATION, path, newName);
    }

    @Command(name = "delete", description = "Delete an application with everything in it, after showing what goes.")
    void delete(@Parameters(paramLabel = "ORG/APP") String path,
                @Mixin Items.DeleteOptions options) {
        items.delete(Level.APPLICATION, path, options);
    }
}
