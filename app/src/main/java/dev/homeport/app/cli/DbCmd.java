package dev.homeport.app.cli;

import dev.homeport.model.Database;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.ValidationException;
import dev.homeport.model.inventory.Databases;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.References;
import dev.homeport.ssh.deploy.DeployService;
import dev.homeport.ssh.tunnel.Tunnel;
import dev.homeport.ssh.tunnel.TunnelTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "db", description = {"Databases as services: PostgreSQL, MariaDB and Redis.",
        "A database is a service (deploy, logs, delete as any other) with generated credentials kept in the vault, its data"
                + " on a named volume that only 'delete --undeploy --remove-volumes' removes, a pinned major version and the"
                + " database's own health check. Other services take its settings by reference, such as"
                + " ${{db.DATABASE_URL}} in a variable."},
        footer = {"%nExamples:",
                "  homeport db create acme/shop/prod/db --engine postgres",
                "  homeport var set acme/shop/prod/web DATABASE_URL='${{db.DATABASE_URL}}'",
                "  homeport db password acme/shop/prod/db",
                "  homeport db connect acme/shop/prod/db"})
final class DbCmd extends GroupCmd {
    private final CliContext context;
    private final Items items;

    DbCmd(CliContext context) {
        this.context = context;
        this.items = new Items(context);
    }

    @Command(name = "create", description = {"Create a database service: the official image at its default major version"
            + " (postgres:16, mariadb:11, redis:7) unless --version or --image says otherwise.",
            "Its user, database and password (and MariaDB's root password) are generated into its variables, the passwords"
                    + " secret. It publishes no port on its node: reach it with 'homeport db connect'."})
    void create(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText,
                @Option(names = "--engine", required = true, paramLabel = "ENGINE", description = "postgres, mariadb or redis.") String engineText,
                @Option(names = "--version", paramLabel = "MAJOR", description = "The major version of the official image, such as 15.") String version,
                @Option(names = "--image", paramLabel = "IMAGE", description = "Another image that follows the official image's"
                        + " conventions; its tag pins the major version.") String image) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        DatabaseEngine engine = DatabaseEngine.parse(engineText);
        if (version != null && image != null) {
            throw new ValidationException("--version", "give it or --image, not both");
        }
        if (version != null && !version.matches("\\d{1,4}(\\.\\d{1,4})?")) {
            throw new ValidationException("--version", "must be a version number such as 16 or 10.11, got '" + version + "'");
        }
        long environmentId = items.resolve(path.parent()).id();
        Database database = context.inventory().databases().create(environmentId, path.name(), engine,
                version != null ? engine.officialImage(version) : image);
        Service service = context.inventory().service(database.serviceId());
        context.output().line("Created " + database.describe() + " database '" + path + "' (" + service.source().describe()
                + ", data on volume " + database.dataVolume() + ").");
        context.output().line("Other services reach it with " + String.join(", ", engine.offeredVariables().stream()
                .map(v -> "${{" + path.name() + "." + v + "}}").toList()) + ". Deploy it with 'homeport deploy " + path + "'.");
    }

    @Command(name = "show", description = "Show a database: engine, pinned version, image, data volume, the references it"
            + " offers and the services that use them (the password is never shown).")
    void show(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        long serviceId = items.resolve(path).id();
        Database database = requireDatabase(serviceId, path);
        Service service = context.inventory().service(serviceId);
        List<String> references = database.engine().offeredVariables().stream().map(v -> "${{" + service.name() + "." + v + "}}").toList();
        List<String> usedBy = new References(context.inventory()).referrers(service.environmentId(), service.name()).stream()
                .map(Service::name).toList();
        // On a cluster: the node its one replica and its data volume are pinned to (null: chosen at its first deploy).
        boolean cluster = context.homeport().nodes().cluster(service.environmentId()).isPresent();
        String node = cluster ? service.options().pinnedNode() : null;
        context.output().details(json, new Details(path.toString(), database.engine().label(), database.majorVersion(),
                ((ServiceSource.Image) service.source()).image(), database.dataVolume(), database.engine().dataPath(),
                database.engine().port(), database.publicPort(), references, usedBy, cluster, node));
    }

    record Details(String path, String engine, String majorVersion, String image, String dataVolume, String dataPath, int port,
                   Integer publicPort, List<String> references, List<String> usedBy, boolean onCluster, String node) implements Output.Details {
        @Override
        public List<Output.Field> fields() {
            List<Output.Field> fields = new java.util.ArrayList<>(List.of(Output.Field.of("Database", path),
                    Output.Field.of("Engine", engine + " " + majorVersion + " (pinned)"),
                    Output.Field.of("Image", image), Output.Field.of("Data", "volume " + dataVolume + " at " + dataPath)));
            if (onCluster) {
                fields.add(Output.Field.of("Node", node == null ? "none yet: its first deploy pins it to a node of the cluster"
                        : node + " (pinned: its one replica and its data volume are there)"));
            }
            fields.addAll(List.of(
                    Output.Field.of("Port", publicPort == null ? port + " (not published: a tunnel reaches it)"
                            : port + ", published on port " + publicPort + " of every address of its node (opted in)"),
                    new Output.Field("References", references), new Output.Field("Used by", usedBy)));
            return fields;
        }
    }

    @Command(name = "public-port", description = {"Publish a database on a port of every address of its node, or stop publishing"
            + " it (off). No database is published unless asked; this warns first and asks to confirm (--yes to skip).",
            "It applies at the database's next deploy, which this names."},
            footer = {"%nExamples:", "  homeport db public-port acme/shop/prod/db 15432", "  homeport db public-port acme/shop/prod/db off"})
    void publicPort(@Parameters(index = "0", paramLabel = "ORG/APP/ENV/SERVICE") String pathText,
                    @Parameters(index = "1", paramLabel = "PORT|off") String portText,
                    @Option(names = "--yes", description = Confirmation.CHANGE_YES_HELP) boolean yes) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        long serviceId = items.resolve(path).id();
        Database database = requireDatabase(serviceId, path);
        Integer port = publicPort(portText);
        if (port != null) {
            context.output().line("Warning: " + Database.PUBLIC_PORT_WARNING + " (homeport db connect opens a tunnel.)");
            if (!yes) {
                Confirmation.change(context.terminal(), "Publish '" + path + "' on port " + port + "?");
            }
        }
        if (java.util.Objects.equals(port, database.publicPort())) {
            context.output().line(port == null ? "'" + path + "' has no public port." : "'" + path + "' is published on port " + port + " already.");
            return;
        }
        context.inventory().databases().setPublicPort(serviceId, port);
        context.output().line((port == null ? "'" + path + "' will publish no port" : "'" + path + "' will be published on port " + port
                + " of every address of its node") + " from its next deploy: homeport deploy " + path);
    }

    private static Integer publicPort(String text) {
        if (text.strip().equalsIgnoreCase("off")) {
            return null;
        }
        if (!text.strip().matches("\\d{1,5}")) {
            throw new ValidationException("PORT", "must be a port number or off, got '" + Output.printable(text, false) + "'");
        }
        return Database.checkPublicPort(Integer.parseInt(text.strip()));
    }

    @Command(name = "password", description = {"Give a database a new random password: in the running database first (its"
            + " own client in its container, the statement on standard input), then in the vault.",
            "Services that refer to it get the new one on their next deploy; this names them."})
    void password(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        long serviceId = items.resolve(path).id();
        requireDatabase(serviceId, path);
        TerminalPrompts prompts = new DeployCalls(context, spec.commandLine().getErr()).promptsForLiveNode(serviceId);
        DeployService.PasswordChange change = context.homeport().deployService().changeDatabasePassword(serviceId, prompts);
        context.output().line(change.inDatabase() ? "Changed the password of '" + path + "' in the database and the vault."
                : "Changed the password of '" + path + "' in the vault; it was never deployed, so its first deploy sets it up.");
        context.output().line(change.needRedeploy().isEmpty() ? "No service refers to it."
                : "Redeploy to pass it on: " + String.join(", ", change.needRedeploy()) + ".");
    }

    @Command(name = "connect", description = {"Open a tunnel to a database over its node's SSH connection and run the local"
            + " client against it: psql, mariadb or redis-cli (install postgresql-client, mariadb-client or redis-tools).",
            "The password reaches the client in its environment (PGPASSWORD, MYSQL_PWD, REDISCLI_AUTH), never on a command"
                    + " line. Arguments after -- go to the client. The tunnel closes when the client ends."},
            footer = {"%nExamples:", "  homeport db connect acme/shop/prod/db", "  homeport db connect acme/shop/prod/db -- -c 'SELECT 1'"})
    int connect(@Parameters(index = "0", paramLabel = "ORG/APP/ENV/SERVICE") String pathText,
                @Parameters(index = "1..*", paramLabel = "CLIENT_ARGS", description = "Passed to the client, after --.") List<String> extra)
            throws InterruptedException {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        long serviceId = items.resolve(path).id();
        requireDatabase(serviceId, path);
        Databases.Credentials credentials = context.inventory().databases().credentials(serviceId);
        PrintWriter err = spec.commandLine().getErr();
        TerminalPrompts prompts = new DeployCalls(context, err).promptsForLiveNode(serviceId);
        TunnelTarget target = context.homeport().deployService().tunnelTarget(serviceId, null, prompts);
        List<String> command = credentials.clientCommand("127.0.0.1", 0, List.of());
        try (Tunnel tunnel = context.homeport().tunnels().open(target, null, prompts, Tunnel.Listener.NONE)) {
            command = credentials.clientCommand("127.0.0.1", tunnel.localPort(), extra == null ? List.of() : extra);
            err.println("Tunnel " + tunnel.localAddress() + " -> " + target.what() + "; " + credentials.maskedUrl("127.0.0.1", tunnel.localPort()));
            err.flush();
            ProcessBuilder client = new ProcessBuilder(command);
            client.environment().put(credentials.clientPasswordVariable(), credentials.password().reveal());
            if (context.terminal().interactive()) {
                return client.inheritIO().start().waitFor();
            }
            // Piped (a script, a test): the client's output goes through the CLI's output, as 'node exec' does.
            client.redirectInput(ProcessBuilder.Redirect.INHERIT).redirectErrorStream(true);
            Process process = client.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    context.output().passThrough(line);
                }
            }
            return process.waitFor();
        } catch (IOException e) {
            throw new CliException(Cli.FAILED, "Cannot run " + command.getFirst() + " (" + e.getMessage() + "). Install "
                    + credentials.engine().clientPackage() + ", or reach the database with 'homeport tunnel " + path + "'.");
        }
    }

    private Database requireDatabase(long serviceId, InventoryPath path) {
        return context.inventory().databases().find(serviceId)
                .orElseThrow(() -> new CliException(Cli.BAD_INPUT, "'" + path + "' is not a database (see 'homeport db create')."));
    }
}
