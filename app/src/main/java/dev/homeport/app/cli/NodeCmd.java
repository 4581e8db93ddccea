package dev.homeport.app.cli;

import dev.homeport.app.cli.Shapes.ConnectionDetails;
import dev.homeport.app.cli.Shapes.IdentityValue;
import dev.homeport.app.cli.Shapes.NodeDetails;
import dev.homeport.app.cli.Shapes.NodeRow;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.SshIdentity;
import dev.homeport.model.ValidationException;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.nodes.NodeService.ConnectionReport;
import dev.homeport.ssh.nodes.SshConfigLookup;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.LineSink;
import dev.homeport.ssh.transport.RemoteProcess;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@CommandLine.Command(name = "node", description = {"Add, list, show, test and remove Worker Nodes, and run commands on them.",
        "Probe and provision a node (Docker, Caddy, Netdata), check the health of nodes, and read a node's metrics and containers."})
final class NodeCmd extends GroupCmd {
    private final CliContext context;

    NodeCmd(CliContext context) {
        this.context = context;
    }

    @CommandLine.Command(name = "add", description = {
            "Add a Worker Node: give --alias (a Host from ~/.ssh/config) or --host, and how to log in.",
            "The connection is tested first, and the node is saved only if it works (unless --no-test)."})
    void add(@Parameters(paramLabel = "NAME", description = "The node's name in Homeport: lower-case letters, digits and hyphens.") String name,
             @Mixin AddOptions options) {
        Address address = options.address();
        NodeIdentity identity = options.identity(context.folder());
        // Checked before anything is asked or sent: the name, host, port and user are valid and the name is free.
        WorkerNode draft = new WorkerNode(0, name, address.host(), address.port(), address.user(), identity, null);
        NodeService service = context.homeport().nodeService();
        if (context.homeport().nodes().nodes().stream().anyMatch(n -> n.name().equals(name))) {
            throw new ValidationException("name", "a worker node named '" + name + "' already exists");
        }
        if (options.storedKey != null) {
            draft = withIdentity(draft, new NodeIdentity.StoredKey(context.homeport().keys().identity(options.storedKey).id()));
        }
        if (options.storePassword) {
            Secret password = askPasswordToStore(draft, options.noTest);
            draft = withIdentity(draft, new NodeIdentity.Password(context.homeport().nodes().sealPassword(password)));
        }
        if (options.noTest) {
            service.add(draft);
            context.output().line("Added node '" + name + "' (" + draft.address() + ", " + identity(draft).text()
                    + ") without testing it; run 'homeport node test " + name + "' to connect.");
            return;
        }
        WorkerNode tested = draft;
        TerminalPrompts prompts = prompts();
        ConnectionReport report = hostKeyCheck(options.acceptNewHostKey, HostKeyCheck.AT_A_TERMINAL + " Nothing was saved.")
                .connect(() -> service.test(tested, prompts), service::trustHostKey);
        context.output().details(false, ConnectionDetails.of(draft, report));
        WorkerNode saved = service.add(new WorkerNode(0, draft.name(), draft.host(), draft.port(), draft.user(), draft.identity(),
                report.hostKey()));
        context.output().line("Added node '" + saved.name() + "' (" + saved.address() + ", " + identity(saved).text() + ").");
    }

    @CommandLine.Command(name = "list", description = "List the Worker Nodes.")
    void list(@Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        Map<Long, String> keyNames = context.homeport().keys().identities().stream()
                .collect(Collectors.toMap(SshIdentity::id, SshIdentity::name));
        context.output().list(json, context.homeport().nodes().nodes().stream()
                .map(n -> NodeRow.of(n, IdentityValue.of(n.identity(), id -> keyNames.getOrDefault(id, "#" + id))))
                .toList());
    }

    @CommandLine.Command(name = "show", description = "Show a Worker Node: its address, how Homeport logs in, its pinned host key"
            + " and the environments it serves.")
    void show(@Parameters(paramLabel = "NAME") String name,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        NodeInventory nodes = context.homeport().nodes();
        WorkerNode node = nodes.node(name);
        context.output().details(json, NodeDetails.of(node, identity(node), nodes.environmentsOf(node.id())));
    }

    @CommandLine.Command(name = "test", description = "Connect to a Worker Node and report who and what it is.")
    void test(@Parameters(paramLabel = "NAME") String name,
              @Option(names = HostKeyCheck.ACCEPT_OPTION, description = HostKeyCheck.ACCEPT_HELP) boolean acceptNewHostKey,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        NodeInventory nodes = context.homeport().nodes();
        WorkerNode node = nodes.node(name);
        NodeService service = context.homeport().nodeService();
        TerminalPrompts prompts = prompts();
        ConnectionReport report = hostKeyCheck(acceptNewHostKey, HostKeyCheck.AT_A_TERMINAL)
                .connect(() -> service.testAndPin(node, prompts), e -> service.acceptHostKey(node, e));
        context.output().details(json, ConnectionDetails.of(node, report));
    }

    @CommandLine.Command(name = "remove", description = "Remove a Worker Node from Homeport, after showing the environments it serves."
            + " Nothing on the server changes.")
    void remove(@Parameters(paramLabel = "NAME") String name,
                @Option(names = {"-y", "--yes"}, description = Confirmation.YES_HELP) boolean yes) {
        NodeInventory nodes = context.homeport().nodes();
        WorkerNode node = nodes.node(name);
        List<String> environments = nodes.environmentsOf(node.id());
        context.output().line("Remove node '" + node.name() + "' (" + node.address() + ")?"
                + (environments.isEmpty() ? "" : "\nThese environments will no longer deploy to it: " + String.join(", ", environments) + ".")
                + "\nContainers already running on it are not stopped.");
        if (!yes) {
            Confirmation.removal(context.terminal());
        }
        context.homeport().nodeService().remove(node);
        context.output().line("Removed node '" + node.name() + "'.");
    }

    @CommandLine.Command(name = "exec", modelTransformer = StopAtCommand.class, description = {
            "Run a command on a Worker Node, like ssh: its output is shown as it comes, piped input is passed to it,"
                    + " and homeport exits with its exit status. Ctrl-C stops it on the node too.",
            "Each argument reaches the command exactly as given; for pipes, redirection or variables, run a shell:"
                    + " homeport node exec web -- sh -c 'df -h | grep /srv'."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0-255:the remote command's exit status (128 + n when signal n ended it)",
                    "1:also when Homeport could not run it; an error line starting 'homeport:' says why"})
    int exec(@Parameters(index = "0", paramLabel = "NAME") String name,
             @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND",
                     description = "The program and its arguments, after --; options after NAME belong to the command.")
             List<String> command) {
        List<String> argv = command.getFirst().equals("--") ? command.subList(1, command.size()) : command;
        if (argv.isEmpty()) {
            throw new CliException(Cli.BAD_INPUT, "Give the command to run after the node's name, such as: homeport node exec "
                    + name + " -- uptime");
        }
        WorkerNode node = context.homeport().nodes().node(name);
        NodeService service = context.homeport().nodeService();
        PrintWriter err = err();
        LineSink sink = (source, line) -> {
            if (source == LineSink.Source.STDOUT) {
                context.output().passThrough(line);
            } else {
                err.println(line);
            }
        };
        String howToAccept = "Nothing was accepted: input is not a terminal. Run 'homeport node test " + name
                + "' at a terminal to confirm the key, or pass it " + HostKeyCheck.ACCEPT_OPTION + " once you have checked the fingerprint.";
        TerminalPrompts prompts = prompts();
        RemoteProcess process = hostKeyCheck(false, howToAccept)
                .connect(() -> service.connection(node, prompts).start(Command.of(argv), sink), e -> service.acceptHostKey(node, e));
        return RemoteExec.await(process, context.terminal(), context.interrupts());
    }

    /** A stored key is shown by its name. */
    private IdentityValue identity(WorkerNode node) {
        return IdentityValue.of(node.identity(), id -> context.homeport().keys().identity(id).name());
    }

    /** One per command, so a connection retried after a new host key was accepted does not ask again. */
    private TerminalPrompts prompts() {
        return new TerminalPrompts(context.terminal());
    }

    private HostKeyCheck hostKeyCheck(boolean acceptNew, String howToAccept) {
        return new HostKeyCheck(context.terminal(), err(), acceptNew, howToAccept);
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A password Homeport is to keep: typed at the terminal, twice when no connection test will check it. */
    private Secret askPasswordToStore(WorkerNode node, boolean untested) {
        Terminal terminal = context.terminal();
        if (!terminal.interactive()) {
            throw new CliException(Cli.BAD_INPUT, "--store-password needs a terminal to type the password at;"
                    + " passwords are never taken as arguments.");
        }
        Secret password = TerminalPrompts.askPassword(terminal, node.address());
        if (password == null) {
            throw new CliException(Cli.FAILED, "Cancelled: no password was given; nothing was saved.");
        }
        if (untested) {
            char[] again = terminal.readPassword("The same password again: ");
            boolean same = again != null && password.equals(Secret.of(again));
            if (again != null) {
                Arrays.fill(again, '\0');
            }
            if (!same) {
                throw new CliException(Cli.BAD_INPUT, "The two passwords differ; nothing was saved.");
            }
        }
        return password;
    }

    private static WorkerNode withIdentity(WorkerNode node, NodeIdentity identity) {
        return new WorkerNode(node.id(), node.name(), node.host(), node.port(), node.user(), identity, node.hostKey());
    }

    /** Where a node is: the host (or ssh config alias) as stored, with the port and user to log in with. */
    record Address(String host, int port, String user) {
    }

    /** The options of {@code node add}. */
    static final class AddOptions {
        @Option(names = "--alias", paramLabel = "ALIAS", description = "A Host from ~/.ssh/config: its HostName, Port, User,"
                + " IdentityFile and ProxyJump apply, as with ssh ALIAS. Logs in as the config says unless another identity is given.")
        String alias;

        @Option(names = "--host", paramLabel = "HOST", description = "The server's host name or IP address.")
        String host;

        @Option(names = "--port", paramLabel = "N", description = "The SSH port (default: 22, or the alias's Port).")
        Integer port;

        @Option(names = "--user", paramLabel = "USER", description = "The user to log in as (default: your user name here,"
                + " or the alias's User).")
        String user;

        @Option(names = "--key", paramLabel = "FILE", description = "Log in with this private key file. A path starting with ~"
                + " is kept as given; a relative one is made absolute.")
        String keyFile;

        @Option(names = "--stored-key", paramLabel = "KEY", description = "Log in with this key from Homeport's vault (see 'homeport key').")
        String storedKey;

        @Option(names = "--agent", description = "Log in with the keys of the running ssh-agent.")
        boolean agent;

        @Option(names = "--ssh-config", description = "Log in as ~/.ssh/config says for the host (IdentityFile), with ssh-agent.")
        boolean sshConfig;

        @Option(names = "--password", description = "Log in with a password, typed at the terminal when connecting;"
                + " never given as an argument.")
        boolean password;

        @Option(names = "--store-password", description = "With --password: ask for it now and keep it encrypted in the vault,"
                + " instead of asking at each connection.")
        boolean storePassword;

        @Option(names = "--no-test", description = "Save the node without connecting to it first.")
        boolean noTest;

        @Option(names = HostKeyCheck.ACCEPT_OPTION, description = HostKeyCheck.ACCEPT_HELP)
        boolean acceptNewHostKey;

        Address address() {
            if ((alias == null) == (host == null)) {
                throw new ValidationException("address", "give exactly one of --alias or --host");
            }
            if (host != null) {
                return new Address(host, port == null ? WorkerNode.DEFAULT_PORT : port, user == null ? localUser() : user);
            }
            Path config = Path.of(System.getProperty("user.home"), ".ssh", "config");
            SshConfigLookup.Resolved resolved = new SshConfigLookup(config).resolve(alias);
            if (!resolved.known()) {
                throw new CliException(Cli.FAILED, "No Host entry in " + config + " matches '" + Output.printable(alias, false)
                        + "'; give --host instead, or add the Host to your ssh config.");
            }
            // An explicit port or user wins over the alias's, as on ssh's command line.
            return new Address(alias, port == null ? resolved.port() : port, user == null ? resolved.user() : user);
        }

        /** The identity chosen; a stored key and a stored password are filled in later, when the store is open. */
        NodeIdentity identity(Path folder) {
            int given = (keyFile != null ? 1 : 0) + (storedKey != null ? 1 : 0) + (agent ? 1 : 0) + (sshConfig ? 1 : 0) + (password ? 1 : 0);
            if (storePassword && !password) {
                throw new ValidationException("--store-password", "applies only with --password");
            }
            if (given > 1 || given == 0 && alias == null) {
                throw new ValidationException("identity", "give exactly one of --key, --stored-key, --agent, --ssh-config or --password");
            }
            if (keyFile != null) {
                return new NodeIdentity.KeyFile(keyPath(folder, keyFile));
            }
            if (storedKey != null) {
                return new NodeIdentity.StoredKey(0);
            }
            if (agent) {
                return new NodeIdentity.Agent();
            }
            if (password) {
                return new NodeIdentity.Password(null);
            }
            return new NodeIdentity.SshConfig();
        }

        /**
         * {@code ~} stays, so the node works for the same user on another machine; a relative path would depend on the
         * folder, so it becomes absolute in the folder the command was typed in.
         */
        private static String keyPath(Path folder, String path) {
            if (path.equals("~") || path.startsWith("~/") || Path.of(path).isAbsolute()) {
                return path;
            }
            return folder.resolve(path).normalize().toString();
        }

        private static String localUser() {
            return System.getProperty("user.name");
        }
    }

    /**
     * Everything after the node's name belongs to the remote command, so
     * {@code node exec web ls -la} works without {@code --}; a leading
     * {@code --} is dropped by {@link #exec}.
     */
    static final class StopAtCommand implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            command.parser().stopAtPositional(true);
            return command;
        }
    }
}
