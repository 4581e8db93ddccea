package dev.homeport.app.cli;

import dev.homeport.model.RegistryCredential;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.vault.Secret;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code homeport registry}: an organisation's logins for private image registries. */
@Command(name = "registry", description = {"Add, list, test, change and remove an organisation's logins for private image registries.",
        "An image service uses one with 'service create --registry' or 'service set --registry'; the node's Docker gets it"
                + " through its API when it pulls, never on a command line."})
final class RegistryCmd extends GroupCmd {
    private final CliContext context;
    private final Items items;

    RegistryCmd(CliContext context) {
        this.context = context;
        this.items = new Items(context);
    }

    @Command(name = "add", description = {"Keep a registry login, its password sealed in the vault; it replaces the one for the same registry.",
            "The password is typed without echo at a terminal, or read from --password-file (- for standard input), or piped in."})
    void add(@Parameters(paramLabel = "ORG") String org,
             @Parameters(paramLabel = "REGISTRY", description = "Such as ghcr.io or registry.example.com:5000.") String registry,
             @Option(names = "--user", required = true, paramLabel = "NAME") String user,
             @Option(names = "--password-file", paramLabel = "FILE") Path passwordFile) {
        long organisationId = items.resolve(InventoryPath.parse(org, Level.ORGANISATION)).id();
        RegistryCredential.checkRegistry(registry); // before the password is asked for
        dev.homeport.model.Check.notBlank("--user", user);
        String password = ValueInput.secret(passwordFile, context.terminal(), "Password for " + user + " on " + registry + ": ");
        RegistryCredential saved = context.inventory().setRegistryCredential(organisationId, registry, user,
                Secret.of(ValueInput.oneLine(password, "password")));
        context.output().line("Kept the login " + saved.username() + " for " + saved.registry() + " in organisation '" + org + "'.");
    }

    @Command(name = "set-user", description = "Change the user of a stored registry login and keep its sealed password.")
    void setUser(@Parameters(paramLabel = "ORG") String org, @Parameters(paramLabel = "REGISTRY") String registry,
                 @Option(names = "--user", required = true, paramLabel = "NAME") String user) {
        long organisationId = items.resolve(InventoryPath.parse(org, Level.ORGANISATION)).id();
        RegistryCredential saved = context.inventory().setRegistryUser(organisationId, registry, user);
        context.output().line("The login for " + saved.registry() + " in organisation '" + org + "' is now " + saved.username()
                + ", with the same password.");
    }

    @Command(name = "list", description = "List an organisation's registry logins (never their passwords).")
    void list(@Parameters(paramLabel = "ORG") String org, @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        long organisationId = items.resolve(InventoryPath.parse(org, Level.ORGANISATION)).id();
        context.output().list(json, context.inventory().registryCredentials(organisationId).stream().map(Login::new).toList());
    }

    @Command(name = "remove", description = "Forget a registry login; image services that used it pull without a login.")
    void remove(@Parameters(paramLabel = "ORG") String org, @Parameters(paramLabel = "REGISTRY") String registry) {
        long organisationId = items.resolve(InventoryPath.parse(org, Level.ORGANISATION)).id();
        if (!context.inventory().removeRegistryCredential(organisationId, registry)) {
            throw new CliException(Cli.FAILED, "Organisation '" + org + "' has no login for " + registry + ".");
        }
        context.output().line("Removed the login for " + registry + " from organisation '" + org + "'.");
    }

    @Command(name = "test", description = {"Check that the stored login works: a node's Docker logs in to the registry with it, as its pulls do.",
            "Exit 0 when the registry accepts it; otherwise the error says whether the registry refused the user or password, could not be"
                    + " reached from the node, or failed at TLS. The node is --node, or else one attached to an environment of the"
                    + " organisation, or else the only node."})
    void test(@Parameters(paramLabel = "ORG") String org, @Parameters(paramLabel = "REGISTRY") String registry,
              @Option(names = "--node", paramLabel = "NODE", description = "The node whose Docker checks the login.") String node) {
        long organisationId = items.resolve(InventoryPath.parse(org, Level.ORGANISATION)).id();
        var check = context.homeport().registryLogins();
        WorkerNode from = node != null ? context.homeport().nodes().node(node) : check.nodeFor(context.inventory().organisation(organisationId));
        var worked = new NodeCalls(context, spec.commandLine().getErr()).connect(from, prompts -> check.test(organisationId, registry, from.name(), prompts));
        context.output().line(worked.summary());
    }

    /** A login in a list: {@code {"registry": "ghcr.io", "username": "ci"}}. */
    record Login(String registry, String username) implements Output.Row {
        Login(RegistryCredential credential) {
            this(credential.registry(), credential.username());
        }

        @Override
        public List<String> cells() {
            return List.of(registry, username);
        }
    }
}
