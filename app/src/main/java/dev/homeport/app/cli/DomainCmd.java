package dev.homeport.app.cli;

import dev.homeport.app.cli.Shapes.DomainRow;
import dev.homeport.model.Check;
import dev.homeport.model.Domain;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.ssh.deploy.DeployException;
import dev.homeport.ssh.deploy.DomainTakeover;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "domain", description = {"Add, remove and list the domains a service answers on.",
        "Caddy routes each domain to the service's container with HTTPS: a certificate from Let's Encrypt for a public"
                + " name, from Caddy's own CA for .test, .localhost and IP addresses. Changes apply from the next deploy."})
final class DomainCmd extends GroupCmd {
    private final CliContext context;
    private final Items items;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    DomainCmd(CliContext context) {
        this.context = context;
        this.items = new Items(context);
    }

    @Command(name = "add", description = {"Add a domain to a service. A domain answers for one service only.",
            "--default adds <service>.<node ip>.sslip.io instead, a name that needs no DNS set up.",
            "A public name that does not lead to the service's node is added, with a warning."})
    void add(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText,
             @Parameters(paramLabel = "HOSTNAME", arity = "0..1", description = "Such as shop.example.com; stored lower-case.") String hostname,
             @Option(names = "--default", description = "Add the service's sslip.io name on its node.") boolean useDefault) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        if ((hostname == null) == !useDefault) {
            throw new CliException(Cli.BAD_INPUT, "Give a HOSTNAME or --default, not both and not neither.");
        }
        long serviceId = items.resolve(path).id();
        String name = useDefault ? context.homeport().serviceDomains().defaultDomain(serviceId) : hostname;
        Domain added = context.inventory().addDomain(serviceId, name);
        context.output().line("Added " + added.hostname() + " to service '" + path + "'; it is routed from the next deploy.");
        try {
            context.homeport().serviceDomains().check(serviceId).stream()
                    .filter(result -> result.hostname().equals(added.hostname()) && !result.ok())
                    .forEach(result -> spec.commandLine().getErr().println("homeport: warning: " + result.message()));
        } catch (DeployException noNode) {
            spec.commandLine().getErr().println("homeport: warning: not checked in DNS: " + noNode.getMessage());
        }
    }

    @Command(name = "check", description = {"Check that each domain of a service leads to its node in DNS.",
            "Internal names (.test, .localhost, IP addresses) need no DNS; Caddy's internal CA signs them."})
    void check(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText,
               @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        context.output().list(json, context.homeport().serviceDomains().check(items.resolve(path).id()).stream()
                .map(result -> new DnsRow(result.hostname(), result.verdict().name().toLowerCase(java.util.Locale.ROOT), result.message()))
                .toList());
    }

    /** One domain's DNS check, as {@code domain check} prints it. */
    record DnsRow(String domain, String verdict, String message) implements Output.Row {
        @Override
        public java.util.List<String> cells() {
            return java.util.List.of(domain, verdict);
        }

        @Override
        public java.util.List<String> notes() {
            return java.util.List.of(message);
        }
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

    @Command(name = "takeover", description = {"Take a domain of a service back from a route that no service of this store owns.",
            "Such a route is left on the node by another Homeport store (a reinstall, another computer, an import without node"
                    + " keys). Shows whose route it is and asks first; only the name moves, the other containers keep running.",
            "The service gets the name with its next deploy."})
    void takeover(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText,
                  @Parameters(paramLabel = "HOSTNAME") String hostname,
                  @Option(names = {"-y", "--yes"}, description = Confirmation.CHANGE_YES_HELP) boolean yes) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        long serviceId = items.resolve(path).id();
        TerminalPrompts prompts = new TerminalPrompts(context.terminal());
        DomainTakeover takeover = context.homeport().domainTakeover();
        DomainTakeover.Holder holder = takeover.find(serviceId, hostname, prompts);
        context.output().line(holder.describe());
        if (!yes) {
            Confirmation.change(context.terminal(), "Take " + holder.hostname() + " over for '" + path + "'?");
        }
        takeover.takeOver(holder, prompts);
        context.output().line("Took " + holder.hostname() + " over on " + holder.node() + "; deploy '" + path + "' to route it"
                + " (homeport deploy " + path + ").");
    }

    @Command(name = "list", description = "List the domains of a service.")
    void list(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        context.output().list(json, context.inventory().domains(items.resolve(path).id()).stream()
                .map(d -> new DomainRow(d.hostname())).toList());
    }
}
