package dev.homeport.app.cli;

import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.ssh.deploy.ContainerShell;
import dev.homeport.ssh.deploy.DatabaseRuntime;
import dev.homeport.ssh.transport.PtySession;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "shell", description = {
        "Open a shell on a node (as ssh -t NODE does), or in a service's container (as docker exec -it on its node does):"
                + " bash when the image has it, else sh; on a cluster, in a running replica (named as web.2@n3).",
        "At a terminal, the terminal goes into raw mode for the session (Ctrl-C and Ctrl-D reach the remote shell),"
                + " follows resizes, and is restored at the end. With input from a pipe, the lines are typed into the"
                + " shell (as ssh -tt does). The exit status is the remote shell's."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0-255:the remote shell's exit status (128 + n when signal n ended it)",
                "1:also when Homeport could not open it; an error line starting 'homeport:' says why",
                "125:the container is gone or stopped", "127:the container's image has no shell"},
        footer = {"%nExamples:",
                "  homeport shell n1",
                "  homeport shell acme/shop/prod/web",
                "  homeport shell acme/shop/prod/web --replica web.2@n3",
                "  homeport shell acme/shop/prod/db --client"})
final class ShellCmd implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NODE|ORG/APP/ENV/SERVICE", description = "A node's name, or a service's path.")
    String target;

    @Option(names = "--replica", paramLabel = "NAME", description = "On a cluster, the replica to open the shell in (such as"
            + " web.2@n3, as listed when it is not found); by default the first running one of the live release.")
    String replica;

    @Option(names = "--client", description = "For a database: its own client (psql, mariadb or redis-cli) in its container,"
            + " signed in as its user, instead of a shell.")
    boolean client;

    ShellCmd(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (target.contains("/")) {
            long serviceId = context.inventory().resolve(InventoryPath.parse(target, Level.SERVICE)).id();
            TerminalPrompts prompts = new DeployCalls(context, err).promptsForLiveNode(serviceId);
            List<String> program = client ? DatabaseRuntime.console(context.inventory().databases().find(serviceId)
                    .orElseThrow(() -> new CliException(Cli.BAD_INPUT, "--client: '" + target + "' is not a database; open a shell in it"
                            + " without --client.")).engine()) : null;
            ContainerShell shell = chosen(context.homeport().deployService().shellTargets(serviceId, prompts));
            return run((columns, rows) -> {
                var connection = context.homeport().nodeService().connection(shell.node(), prompts);
                return program == null ? shell.open(connection, columns, rows) : shell.open(connection, program, columns, rows);
            });
        }
        if (replica != null) {
            throw new CliException(Cli.BAD_INPUT, "--replica: only a service has replicas; '" + target + "' is a node.");
        }
        if (client) {
            throw new CliException(Cli.BAD_INPUT, "--client: only a database has a client to open; '" + target + "' is a node.");
        }
        WorkerNode node = context.homeport().nodes().node(target);
        TerminalPrompts prompts = new NodeCalls(context, err).connectNow(node);
        return run((columns, rows) -> context.homeport().nodeService().connection(node, prompts).openShell(columns, rows));
    }

    private ContainerShell chosen(List<ContainerShell> shells) {
        if (replica == null) {
            return shells.getFirst();
        }
        return shells.stream().filter(shell -> shell.label().equals(replica)).findFirst()
                .orElseThrow(() -> new CliException(Cli.BAD_INPUT, "--replica: no running replica of " + target + " is named '" + replica
                        + "'; running: " + String.join(", ", shells.stream().map(ContainerShell::label).toList()) + "."));
    }

    private interface Opener {
        PtySession open(int columns, int rows);
    }

    private int run(Opener opener) throws IOException {
        if (!context.terminal().atTerminal()) {
            // Piped input: the lines are typed into a PTY of the usual default size; nothing to put in raw mode.
            try (PtySession session = opener.open(80, 24)) {
                return pump(session, context.terminal().stdin());
            }
        }
        try (SessionTerminal terminal = context.terminal().forSession();
             PtySession session = opener.open(terminal.columns(), terminal.rows())) {
            terminal.onResize(session::resize);
            // Raw only now: opening the session may have asked a question (trusting a host key, a passphrase).
            terminal.raw();
            // Keys are read from standard input itself, not through JLine, whose close would wait for the reader.
            return pump(session, context.terminal().stdin());
        }
    }

    /**
     * Copies the keys to the session on a thread of its own and the session's output to ours as it comes;
     * returns the session's exit status once it ends.
     */
    private int pump(PtySession session, InputStream keys) throws IOException {
        // Ctrl-C at a raw terminal is a key for the remote shell; a kill of this process (or of the client of the
        // open app) ends the session with it.
        Thread closeOnExit = new Thread(session::close, "homeport-shell-close");
        context.interrupts().add(closeOnExit);
        Thread typing = Thread.ofVirtual().name("homeport-shell-keys").start(() -> copy(keys, session.input()));
        PrintWriter out = spec.commandLine().getOut();
        try (Reader screen = new InputStreamReader(session.output(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            for (int n; (n = screen.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // the session closed
        } finally {
            typing.interrupt();
            context.interrupts().remove(closeOnExit);
        }
        return session.waitFor();
    }

    private static void copy(InputStream from, OutputStream to) {
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = from.read(buffer)) >= 0; ) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException ended) {
            // the session ended, or our input did
        }
    }
}
