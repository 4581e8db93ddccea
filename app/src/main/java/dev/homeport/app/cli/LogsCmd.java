package dev.homeport.app.cli;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.ssh.deploy.DeployService;
import dev.homeport.ssh.logs.LogFilter;
import dev.homeport.ssh.logs.LogLevel;
import dev.homeport.ssh.logs.LogLine;
import dev.homeport.ssh.logs.LogMerger;
import dev.homeport.ssh.logs.LogTimes;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        "On one node, when the release before the live one still has its container, its lines are merged in with the live"
                + " release's, in time order, each led by its release after the time (web r12).",
        "With --follow, new lines are printed as they come, until Ctrl-C; a release that goes live meanwhile is followed too.",
        "--grep, --level, --since and --until print only the lines that match (as they come, with --follow); Docker is"
                + " asked for the time range itself, to the second."})
final class LogsCmd implements Callable<Integer> {
    static final int DEFAULT_TAIL = 100;
    private static final java.time.Duration MERGE_HOLD = java.time.Duration.ofMillis(200);
    private static final java.time.Duration MERGE_TICK = java.time.Duration.ofMillis(50);
    private static final java.time.Duration WATCH = java.time.Duration.ofSeconds(2);
    private Instant filterSince;
    private Instant filterUntil;

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ORG/APP/ENV/SERVICE")
    String pathText;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines as they come, until Ctrl-C.")
    boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "N",
            description = "Start with the last N lines of the log (default: " + DEFAULT_TAIL + ", or all of them with --grep, --level,"
                    + " --since or --until); 0 with --follow prints only new ones. Filters apply to the lines read.")
    Integer tail;

    @Option(names = {"-g", "--grep"}, paramLabel = "TEXT",
            description = "Only lines that contain TEXT (case ignored), in their text or replica.")
    String grep;

    @Option(names = {"-E", "--regex"}, description = "--grep is a regular expression (Java's syntax), found anywhere in the line's text.")
    boolean regex;

    @Option(names = "--case-sensitive", description = "--grep tells upper from lower case.")
    boolean caseSensitive;

    @Option(names = {"-l", "--level"}, paramLabel = "LEVELS",
            description = "Only lines of these levels, separated by commas: trace, debug, info, warn, error, fatal, and unknown"
                    + " (the lines that name none). Read from the line: level=warn, \"level\":\"warn\", [WARN], WARNING:, <4>, …")
    String levels;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Only lines from TIME on: 2026-12-06T07:00:00Z, 2026-12-06 08:00 (your time zone), or how long ago: 30s, 10m, 2h, 1d.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only lines up to TIME (as --since). Not with --follow.")
    String until;

    LogsCmd(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (tail != null && tail < 0) {
            throw new CliException(Cli.BAD_INPUT, "--tail: must be 0 or more, got " + tail);
        }
        LogFilter filter = filter();
        boolean filtered = filter.selectsLines() || filter.since() != null || filter.until() != null;
        int lines = tail != null ? tail : filtered ? -1 : DEFAULT_TAIL;
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        long serviceId = context.inventory().resolve(path).id();
        TerminalPrompts prompts = new DeployCalls(context, spec.commandLine().getErr()).promptsForLiveNode(serviceId);
        DeployService deploys = context.homeport().deployService();
        List<DeployService.LogSource> sources = deploys.logSources(serviceId, prompts);
        if (sources.size() > 1 || follow && sources.size() == 1 && sources.getFirst().label() != null) {
            return merged(deploys, serviceId, sources, lines, filtered ? filter : null, prompts);
        }
        // The container's own output, passed on as it came (the release's secrets masked), as docker logs does.
        ResultCallback.Adapter<Frame> logs = deploys
                .logs(serviceId, lines, follow, filter.since(), filter.until(), prompts, line -> {
                    if (!filtered || filter.matches(LogLine.parse(line))) {
                        context.output().passThrough(line);
                    }
                });
        // Ctrl-C ends the JVM through its shutdown hooks; this one stops the stream first.
        Thread stop = new Thread(() -> close(logs), "homeport-logs-stop");
        context.interrupts().add(stop);
        try {
            logs.awaitCompletion();
        } finally {
            // When the hook is running, the stream is being closed.
            context.interrupts().remove(stop);
        }
        return Cli.OK;
    }

    /**
     * Several releases' containers on one node (or one, followed): their lines merged in time order, each led by its
     * release after the time ({@code web r12}). Following, a release that goes live is followed too, and a line on
     * standard error says so.
     */
    private int merged(DeployService deploys, long serviceId, List<DeployService.LogSource> sources, int lines, LogFilter filter,
                       TerminalPrompts prompts) throws InterruptedException {
        LogMerger merger = new LogMerger(MERGE_HOLD);
        Map<Long, ResultCallback.Adapter<Frame>> open = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.function.BiFunction<DeployService.LogSource, Integer, ResultCallback.Adapter<Frame>> read = (source, tail) ->
                deploys.logs(serviceId, source, tail, follow, this.filterSince, this.filterUntil, prompts, line -> {
                    LogLine parsed = LogLine.parse(line);
                    synchronized (merger) {
                        merger.offer(parsed, source.label(), System.nanoTime());
                    }
                });
        java.util.function.Consumer<LogMerger.Merged> print = merged -> {
            LogLine line = merged.line();
            if (filter == null || filter.matches(new LogLine(line.raw(), line.time(), merged.source(), line.level(), line.text()))) {
                context.output().passThrough(line.time() == null ? line.raw() : line.raw().substring(0, line.raw().indexOf(' ')) + " "
                        + merged.source() + " " + line.text());
            }
        };
        Thread stop = new Thread(() -> open.values().forEach(LogsCmd::close), "homeport-logs-stop");
        context.interrupts().add(stop);
        try {
            for (DeployService.LogSource source : sources) {
                open.put(source.deploymentId(), read.apply(source, lines));
            }
            if (!follow) {
                for (ResultCallback.Adapter<Frame> each : open.values()) {
                    each.awaitCompletion();
                }
                synchronized (merger) {
                    merger.drainAll(print);
                }
                return Cli.OK;
            }
            Long followed = sources.stream().filter(DeployService.LogSource::live).map(DeployService.LogSource::deploymentId).findFirst().orElse(null);
            long nextLook = System.nanoTime() + WATCH.toNanos();
            while (true) {
                Thread.sleep(MERGE_TICK.toMillis());
                synchronized (merger) {
                    merger.drain(System.nanoTime(), print);
                }
                if (System.nanoTime() < nextLook) {
                    continue;
                }
                nextLook = System.nanoTime() + WATCH.toNanos();
                Long live = context.homeport().deployments().live(serviceId).map(d -> d.id()).orElse(null);
                if (live != null && !live.equals(followed)) {
                    followed = live;
                    for (DeployService.LogSource source : deploys.logSources(serviceId, prompts)) {
                        if (source.deploymentId() == live && !open.containsKey(live)) {
                            open.put(live, read.apply(source, -1));
                            spec.commandLine().getErr().println("— now following release #" + live + " (" + source.label() + ") —");
                        }
                    }
                }
            }
        } finally {
            context.interrupts().remove(stop);
            open.values().forEach(LogsCmd::close);
        }
    }

    /** The filter the options ask for; a bad one is refused before anything is read. */
    private LogFilter filter() {
        if (until != null && follow) {
            throw new CliException(Cli.BAD_INPUT, "--until and --follow do not go together: following prints new lines, after any end");
        }
        if ((regex || caseSensitive) && grep == null) {
            throw new CliException(Cli.BAD_INPUT, (regex ? "--regex" : "--case-sensitive") + " goes with --grep");
        }
        Instant now = Instant.now();
        Set<LogLevel> chosen = levels == null ? null : option("--level", () -> LogLevel.parseList(levels));
        Instant from = since == null ? null : option("--since", () -> LogTimes.parse(since, now, ZoneId.systemDefault()));
        Instant to = until == null ? null : option("--until", () -> LogTimes.parse(until, now, ZoneId.systemDefault()));
        filterSince = from;
        filterUntil = to;
        option("--grep", () -> LogFilter.of(grep, regex, caseSensitive, chosen, null, null));
        return option("--until", () -> LogFilter.of(grep, regex, caseSensitive, chosen, from, to));
    }

    private static <T> T option(String name, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new CliException(Cli.BAD_INPUT, name + ": " + e.getMessage());
        }
    }

    private static void close(ResultCallback.Adapter<Frame> logs) {
        try {
            logs.close();
        } catch (IOException ignored) {
            // the stream is ending anyway
        }
    }
}
