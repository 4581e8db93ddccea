package dev.homeport.app.cli;

import dev.homeport.app.cli.Shapes.ItemRow;
import dev.homeport.app.cli.Shapes.OrgDetails;
import dev.homeport.model.Application;
import dev.homeport.model.Organisation;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "org", description = "Create, list, show, rename and delete organisations.")
final class OrgCmd extends GroupCmd {
    private final CliContext context;
    private final Items items;

    OrgCmd(CliContext context) {
        this.context = context;
        this.items = new Items(context);
    }

    @Command(name = "create", description = "Create an organisation.")
    void create(@Parameters(paramLabel = "ORG", description = "Its name: lower-case letters, digits and hyphens.") String name) {
        InventoryPath path = InventoryPath.parse(name, Level.ORGANISATION);
        context.inventory().createOrganisation(path.name());
        context.output().line("Created organisation '" + path + "'.");
    }

    @Command(name = "list", description = "List the organisations.")
    void list(@Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        context.output().list(json, context.inventory().organisations().stream()
                .map(o -> ItemRow.of(null, o.name())).toList());
    }

    @Command(name = "show", description = "Show an organisation and its applications.")
    void show(@Parameters(paramLabel = "ORG") String pathText,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        InventoryPath path = InventoryPath.parse(pathText, Level.ORGANISATION);
        Inventory inventory = context.inventory();
        Organisation organisation = inventory.organisation(items.resolve(path).id());
        context.output().details(json, new OrgDetails(path.toString(), organisation.name(), organisation.acmeEmail(),
                inventory.applications(organisation.id()).stream().map(Application::name).toList()));
    }

    @Command(name = "rename", description = "Rename an organisation.")
    void rename(@Parameters(paramLabel = "ORG") String path, @Parameters(paramLabel = "NEW_NAME") String newName) {
        items.rename(Level.ORGANISATION, path, newName);
    }

    @Command(name = "delete", description = "Delete an organisation with everything in it, after showing what goes.")
    void delete(@Parameters(paramLabel = "ORG") String path,
                @Mixin Items.DeleteOptions options) {
        items.delete(Level.ORGANISATION, path, options);
    }
}
