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
import picocli.CommandLine;
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
 * </ul>
 *
 * Errors go to stderr as one line, {@code homeport: <message>}; {@code --verbose} adds the stack trace.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int NODE_PROBLEM = 3;

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
            return commandLine(context)
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

    /** The command tree, in the order the help lists it. */
    private static CommandLine commandLine(CliContext context) {
        return new CommandLine(new HomeportCmd())
                .addSubcommand(new OrgCmd(context))
                .addSubcommand(new AppCmd(context))
                .addSubcommand(new EnvironmentCmd(context))
                .addSubcommand(new ServiceCmd(context))
                .addSubcommand(new VarCmd(context))
                .addSubcommand(new DomainCmd(context))
                .addSubcommand(new DeployCmd(context))
                .addSubcommand(new RollbackCmd(context))
                .addSubcommand(new ReleasesCmd(context))
                .addSubcommand(new LogsCmd(context))
                .addSubcommand(new TunnelCmd(context))
                .addSubcommand(nodeCommands(context))
                .addSubcommand(new AlertsCmd(context))
                .addSubcommand(new KeyCmd(context))
                .addSubcommand(new RegistryCmd(context))
                .addSubcommand(new ExportCmd(context))
                .addSubcommand(new ImportCmd(context))
                .addSubcommand(new CommandLine(new SettingsCmd()).addSubcommand(new RetentionCmd(context))
                        .addSubcommand(new AlertSettingsCmd(context)));
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
