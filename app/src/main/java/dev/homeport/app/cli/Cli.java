package dev.homeport.app.cli;

import dev.homeport.model.HomeportHome;
import dev.homeport.model.ValidationException;
import dev.homeport.model.transfer.TransferException;
import dev.homeport.ssh.deploy.DeployException;
import dev.homeport.ssh.swarm.ClusterException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code homeport} command. It parses the arguments, runs one command and
 * returns the exit code; it never exits the process itself.
 *
 * <ul>
 *   <li>{@value #OK}: it worked.</li>
 *   <li>{@value #FAILED}: the operation failed: the store is locked, an item is not found, a file cannot be read,
 *       a deployment FAILED or cannot start.</li>
 *   <li>{@value #BAD_INPUT}: the input is wrong: a usage error, a name or value the model rejects, a broken import file.</li>
 *   <li>{@value #NODE_PROBLEM}: the command ran, and found a Worker Node not ready: a probe check FAILED (also after provisioning), or a node is not UP.</li>
 *   <li>{@value #BACKUP_PROBLEM}: the command ran, and found a database's backups not well: the newest run failed, or a scheduled run is late or was missed.</li>
 * </ul>
 *
 * Errors go to stderr as one line, {@code homeport: <message>}; {@code --verbose} adds the stack trace.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int NODE_PROBLEM = 3;
    public static final int BACKUP_PROBLEM = 4;

    private Cli() {
    }

    /** Runs against the home in {@code $HOMEPORT_HOME} (or the platform default), on the process's own streams. */
    public static int run(String[] args) {
        PrintStream stdout = System.out;
        PrintWriter out = writer(stdout);
        PrintWriter err = writer(System.err);
        // Results and JSON own stdout: anything else printed there, such as library logging, goes to stderr.
        System.setOut(System.err);
        try {
            return run(args, HomeportHome.fromEnvironment(), out, err, Terminal.system(System.in));
        } finally {
            System.setOut(stdout);
        }
    }

    /**
     * Runs against {@code home} with the given streams. Input counts as not
     * interactive, as when it comes from a pipe: nothing is asked, so a delete
     * needs {@code --yes} and secrets need {@code --passphrase-file}.
     */
    public static int run(String[] args, HomeportHome home, PrintWriter out, PrintWriter err, InputStream in) {
        return run(args, home, out, err, Terminal.piped(in));
    }

    static int run(String[] args, HomeportHome home, PrintWriter out, PrintWriter err, Terminal terminal) {
        try (CliContext context = new CliContext(home, terminal, new Output(out))) {
            return execute(commandLine(context, args), args, out, err);
        }
    }

    /**
     * Runs a command the open app serves ({@link CliServer}), on its open store. The paths the
     * command is given are resolved in the client's folder, not the app's.
     */
    static int served(String[] args, CliContext context, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = commandLine(context, args);
        commandLine.registerConverter(Path.class, text -> text.equals("-") ? Path.of(text) : context.resolve(Path.of(text)));
        return execute(commandLine, args, out, err);
    }

    private static int execute(CommandLine commandLine, String[] args, PrintWriter out, PrintWriter err) {
        try {
            return commandLine
                    .setOut(out)
                    .setErr(err)
                    .setParameterExceptionHandler(Cli::badUsage)
                    .setExecutionExceptionHandler(Cli::failed)
                    .execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * The command tree, in the order the help lists it; with only the command {@code args} names, when
     * they name one. picocli builds each command's model by reflection, which is a good part of a short
     * command's time; help, version and a mistyped command get the whole tree.
     */
    private static CommandLine commandLine(CliContext context, String[] args) {
        List<Map.Entry<Class<?>, Supplier<Object>>> commands = List.of(
                Map.entry(OrgCmd.class, () -> new OrgCmd(context)),
                Map.entry(AppCmd.class, () -> new AppCmd(context)),
                Map.entry(EnvironmentCmd.class, () -> new EnvironmentCmd(context)),
                Map.entry(ServiceCmd.class, () -> new ServiceCmd(context)),
                Map.entry(DbCmd.class, () -> new DbCmd(context)),
                Map.entry(BackupCmd.class, () -> new CommandLine(new BackupCmd(context)).addSubcommand(new BackupRestoreCmd(context))
                        .addSubcommand(new BackupVerifyCmd(context))),
                Map.entry(VarCmd.class, () -> new VarCmd(context)),
                Map.entry(DomainCmd.class, () -> new DomainCmd(context)),
                Map.entry(DeployCmd.class, () -> new DeployCmd(context)),
                Map.entry(RollbackCmd.class, () -> new RollbackCmd(context)),
                Map.entry(ReleasesCmd.class, () -> new ReleasesCmd(context)),
                Map.entry(LogsCmd.class, () -> new LogsCmd(context)),
                Map.entry(TunnelCmd.class, () -> new TunnelCmd(context)),
                Map.entry(AlertsCmd.class, () -> new AlertsCmd(context)),
                Map.entry(ShellCmd.class, () -> new ShellCmd(context)),
                Map.entry(NodeCmd.class, () -> nodeCommands(context)),
                Map.entry(KeyCmd.class, () -> new KeyCmd(context)),
                Map.entry(RegistryCmd.class, () -> new RegistryCmd(context)),
                Map.entry(S3Cmd.class, () -> new S3Cmd(context)),
                Map.entry(ExportCmd.class, () -> new ExportCmd(context)),
                Map.entry(ImportCmd.class, () -> new ImportCmd(context)),
                Map.entry(StoreCmd.class, () -> new StoreCmd(context)),
                Map.entry(SettingsCmd.class, () -> new CommandLine(new SettingsCmd()).addSubcommand(new RetentionCmd(context))
                        .addSubcommand(new AlertSettingsCmd(context)).addSubcommand(new LogSettingsCmd(context))));
        String named = commandName(args);
        Class<?> only = commands.stream().map(Map.Entry::getKey).filter(type -> named != null && names(type).contains(named))
                .findFirst().orElse(null);
        CommandLine root = new CommandLine(new HomeportCmd());
        for (Map.Entry<Class<?>, Supplier<Object>> command : commands) {
            if (only == null || command.getKey() == only) {
                root.addSubcommand(command.getValue().get());
            }
        }
        return root;
    }

    /** The command's name: the first argument that is not an option (the root's options take no value), or null. */
    private static String commandName(String[] args) {
        for (String arg : args) {
            if (arg.startsWith("@")) {
                return null; // an argument file: what it holds is not known here
            }
            if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return null;
    }

    private static List<String> names(Class<?> type) {
        Command command = type.getAnnotation(Command.class);
        List<String> names = new java.util.ArrayList<>(List.of(command.aliases()));
        names.add(command.name());
        return names;
    }

    /** {@code homeport node}: the inventory commands of {@link NodeCmd}, then those that look at and prepare a node. */
    private static CommandLine nodeCommands(CliContext context) {
        return new CommandLine(new NodeCmd(context))
                .addSubcommand(new NodeProbeCmd(context))
                .addSubcommand(new NodeProvisionCmd(context))
                .addSubcommand(new NodeStatusCmd(context))
                .addSubcommand(new NodeMetricsCmd(context))
                .addSubcommand(new NodeContainersCmd(context));
    }

    private static int badUsage(ParameterException e, String[] args) {
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        e.getCommandLine().getErr().println("homeport: " + oneLine(e.getMessage()) + " (see '" + command + " --help')");
        return BAD_INPUT;
    }

    private static int failed(Exception e, CommandLine commandLine, ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        err.println("homeport: " + message(e));
        if (verbose(parsed)) {
            e.printStackTrace(err);
        }
        return exitCode(e);
    }

    static int exitCode(Exception e) {
        return switch (e) {
            case CliException cli -> cli.exitCode();
            case ValidationException invalid -> BAD_INPUT;
            case TransferException broken -> BAD_INPUT;
            // A deployment that cannot go on, such as one with no node to go to, says why in the operator's words.
            case DeployException refused -> FAILED;
            case dev.homeport.ssh.backup.BackupException refused -> FAILED;
            case ClusterException refused -> FAILED;
            default -> FAILED;
        };
    }

    private static String message(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "unexpected " + e.getClass().getSimpleName() + " (run with --verbose for details)";
        }
        return oneLine(message);
    }

    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** {@code --verbose} is inherited, so it may have been given at any level of the command. */
    private static boolean verbose(ParseResult parsed) {
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, stream.charset()), true);
    }
}
