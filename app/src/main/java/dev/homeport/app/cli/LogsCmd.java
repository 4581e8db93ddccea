package dev.homeport.app.cli;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "logs", description = {
        "Print the container logs of a service's live release (or, with none live, of its newest release that has a"
                + " container), read from the node's Docker Engine. Each line starts with its time, as Docker recorded it."
                + " The values of the release's secret variables are masked. On a cluster, the lines of every replica of"
                + " the live release, each led by its replica (web.2@n3).",
        "With --follow, new lines are printed as they come, until Ctrl-C."})
final class LogsCmd implements Callable<Integer> {
    static final int DEFAULT_TAIL = 100;

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ORG/APP/ENV/SERVICE")
    String pathText;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines as they come, until Ctrl-C.")
    boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", defaultValue = "" + DEFAULT_TAIL,
            description = "Start with the last N lines (default: ${DEFAULT-VALUE}); 0 with --follow prints only new ones.")
    int tail;

    LogsCmd(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (tail < 0) {
            throw new CliException(Cli.BAD_INPUT, "--tail: must be 0 or more, got " + tail);
        }
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        long serviceId = context.inventory().resolve(path).id();
        TerminalPrompts prompts = new DeployCalls(context, spec.commandLine().getErr()).promptsForLiveNode(serviceId);
        // The container's own output, passed on as it came (the release's secrets masked), as docker logs does.
        ResultCallback.Adapter<Frame> logs = context.homeport().deployService()
                .logs(serviceId, tail, follow, prompts, line -> context.output().passThrough(line));
        // Ctrl-C ends the JVM through its shutdown hooks; this one stops the stream first.
        Thread stop = new Thread(() -> close(logs), "homeport-logs-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            logs.awaitCompletion();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the stream is being closed
            }
        }
        return Cli.OK;
    }

    private static void close(ResultCallback.Adapter<Frame> logs) {
        try {
            logs.close();
        } catch (IOException ignored) {
            // the stream is ending anyway
        }
    }
}
