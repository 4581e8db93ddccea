package dev.homeport.app.cli;

import dev.homeport.app.cli.Shapes.DomainRow;
import dev.homeport.model.Check;
import dev.homeport.model.Domain;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "domain", description = {"Add, remove and list the domains a service answers on.",
        "Caddy routes each domain to the service's container with HTTPS: a certificate from Let's Encrypt for a public"
                + " name, from Caddy's own CA for .test, .localhost and IP addresses. Changes apply from the next deploy."})
final class DomainCmd extends GroupCmd {
    private final CliContext context;
    private final Items items;

    DomainCmd(CliContext context) {
        this.context = context;
        this.items = new Items(context);
    }

    @Command(name = "add", description = "Add a domain to a service. A domain answers for one service only.")
    void add(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText,
             @Parameters(paramLabel = "HOSTNAME", description = "Such as shop.example.com; stored lower-case.") String hostname) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        Domain added = context.inventory().addDomain(items.resolve(path).id(), hostname);
        context.output().line("Added " + added.hostname() + " to service '" + path + "'; it is routed from the next deploy.");
    }

    @Command(name = "remove", description = "Remove a domain from a service.")
    void remove(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText,
                @Parameters(paramLabel = "HOSTNAME") String hostname) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        String name = Check.domain("domain", hostname);
        Inventory inventory = context.inventory();
        Domain domain = inventory.domains(items.resolve(path).id()).stream()
                .filter(d -> d.hostname().equals(name))
                .findFirst()
                .orElseThrow(() -> new CliException(Cli.FAILED, "Service '" + path + "' has no domain " + name + "."));
        inventory.removeDomain(domain.id());
        context.output().line("Removed " + name + " from service '" + path + "'; it is no longer routed from the next deploy.");
    }

    @Command(name = "list", description = "List the domains of a service.")
    void list(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        context.output().list(json, context.inventory().domains(items.resolve(path).id()).stream()
                .map(d -> new DomainRow(d.hostname())).toList());
    }
}
