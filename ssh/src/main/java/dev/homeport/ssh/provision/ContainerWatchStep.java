package dev.homeport.ssh.provision;

import dev.homeport.model.AlertConfig;
import dev.homeport.model.CrashLoopPolicy;
import dev.homeport.model.Sha256;
import dev.homeport.ssh.docker.StopMarks;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.ExecResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The node's own watch of Homeport's containers, so that a crash loop or a container left down raises an alarm in
 * the node's Netdata while Homeport is closed, with no agent of Homeport's: {@code watch-containers} (a POSIX sh
 * script, in {@value StopMarks#FOLDER} of the SSH user's home) runs every minute from the user's crontab (as the
 * backups do), reads {@code docker inspect} of the containers labelled {@code dev.homeport.managed=true} (a Swarm
 * replica's too), and sends a gauge per container that loops or is down to Netdata's own statsd server;
 * {@link HomeportAlarms#statsd()} makes them the dimensions of the charts {@code homeport.crashloop} and
 * {@code homeport.down}, which Homeport's templates {@code homeport_container_crash_loop} and
 * {@code homeport_container_down} watch with one alarm per container, named after it. They go out by the
 * notification methods of every other alarm. The crontab line carries the crash loop of the app's setting
 * ({@link AlertConfig#crashLoop()}); Provision without alert settings leaves an existing line as it is.
 *
 * <p>Runs after {@code backup-tools}, which installs and starts cron.
 */
final class ContainerWatchStep implements ProvisionStep {
    static final String SCRIPT = "watch-containers";
    /** The tag that ends the watch's crontab line. */
    static final String CRON_TAG = " # homeport-containers";
    static final String STATSD_OWNER = "root:root:644";
    /**
     * Prints the script's SHA-256 and mode (or "missing"), whether the marks' folder exists, and the watch's crontab
     * line (or nothing).
     */
    private static final String STATE = """
            cd || exit 1
            if [ -f "$1/$2" ]; then printf '%s %s\\n' "$(sha256sum < "$1/$2" | cut -d ' ' -f 1)" "$(stat -c %a "$1/$2")"; else echo missing; fi
            if [ -d "$1/stopped" ]; then echo marks; else echo no-marks; fi
            crontab -l 2>/dev/null | awk -v t="$3" 'substr($0, length($0) - length(t) + 1) == t'
            """;
    /** The script arrives on standard input and replaces the old one whole. */
    private static final String WRITE = """
            cd || exit 1
            mkdir -p "$1" && cat > "$1/.$2.new" && chmod 0755 "$1/.$2.new" && mv -f "$1/.$2.new" "$1/$2"
            """;
    /**
     * $1 folder, $2 script, $3 tag, $4 the script's arguments (shell text, each value quoted by {@link Command#quote}):
     * the user's crontab with the watch's line (any older one replaced).
     */
    private static final String CRONTAB = """
            cd || exit 1
            d=$(pwd)/$1
            { crontab -l 2>/dev/null | awk -v t="$3" 'substr($0, length($0) - length(t) + 1) != t'
              printf '* * * * * %s/%s%s >%s/last.log 2>&1%s\\n' "$d" "$2" "$4" "$d" "$3"
            } | crontab -
            """;

    @Override
    public String name() {
        return "container-watch";
    }

    @Override
    public String title() {
        return "Alarms for crash loops and containers left down (statsd, cron)";
    }

    @Override
    public void apply(StepContext context) {
        if (context.facts().get("netdata.health").equals("off")) {
            context.log("Netdata's health engine is turned off: the container watch is not installed, since nothing would raise its alarms.");
            return;
        }
        String statsd = HomeportAlarms.statsd();
        String statsdState = AlertsStep.state(context, HomeportAlarms.STATSD);
        if (!statsdState.startsWith(Sha256.hex(statsd) + " " + STATSD_OWNER + " ")) {
            AlertsStep.write(context, HomeportAlarms.STATSD, statsd, STATSD_OWNER);
            context.changed((statsdState.equals("missing") ? "installed" : "updated") + " the chart of Homeport's containers for Netdata's statsd in "
                    + HomeportAlarms.STATSD);
            // Netdata reads its statsd apps only when it starts.
            NetdataStep.restart(context);
        }

        String script = script();
        List<String> state = state(context);
        if (!state.get(0).equals(Sha256.hex(script) + " 755")) {
            ExecResult written = context.exec(Command.script(WRITE, StopMarks.FOLDER, SCRIPT), script.getBytes(StandardCharsets.UTF_8));
            if (!written.ok()) {
                throw failed("Could not write ~/" + StopMarks.FOLDER + "/" + SCRIPT, written);
            }
            context.changed((state.get(0).equals("missing") ? "installed" : "updated") + " the container watch in ~/" + StopMarks.FOLDER + "/" + SCRIPT);
        }
        if (state.get(1).equals("no-marks")) {
            // The first install: containers stopped before Homeport marked its stops are taken as stopped on purpose.
            ExecResult baseline = context.exec(Command.script("cd && exec \"$1\" --baseline", StopMarks.FOLDER + "/" + SCRIPT));
            if (!baseline.ok()) {
                throw failed("The container watch could not record the containers stopped now", baseline);
            }
            context.changed("took the Homeport containers stopped now as stopped on purpose (the container watch's first run)");
        }
        String line = state.size() > 2 ? state.get(2) : "";
        AlertConfig alerts = context.options().alerts();
        CrashLoopPolicy loop = alerts == null ? CrashLoopPolicy.defaults() : alerts.crashLoop();
        String args = arguments(loop);
        boolean installed = line.startsWith("* * * * * ") && line.contains("/" + StopMarks.FOLDER + "/" + SCRIPT + " ");
        if (installed && alerts == null) {
            // No alert settings given: the crash-loop threshold on the node stays as it is (as AlertsStep leaves the alarms).
            return;
        }
        if (!installed || !line.contains("/" + StopMarks.FOLDER + "/" + SCRIPT + args + " >")) {
            ExecResult cron = context.exec(Command.script(CRONTAB, StopMarks.FOLDER, SCRIPT, CRON_TAG, args));
            if (!cron.ok()) {
                throw failed("Could not add the container watch to the crontab of " + context.facts().user(), cron);
            }
            context.changed((installed ? "changed the container watch's crash loop to " : "runs the container watch every minute (crontab of "
                    + context.facts().user() + "), a crash loop being ") + HomeportAlarms.describe(loop));
        }
    }

    /**
     * The watch's arguments in its crontab line, as shell text: the crash loop of the app's setting, each value
     * quoted through {@link Command#quote}.
     */
    static String arguments(CrashLoopPolicy loop) {
        return " --restarts " + Command.quote(Integer.toString(loop.crashes())) + " --window " + Command.quote(Integer.toString(loop.windowSeconds()));
    }

    private static List<String> state(StepContext context) {
        ExecResult result = context.exec(Command.script(STATE, StopMarks.FOLDER, SCRIPT, CRON_TAG));
        List<String> lines = result.out().lines().toList();
        if (!result.ok() || lines.size() < 2) {
            throw failed("Could not read the container watch's files on the node", result);
        }
        return lines;
    }

    private static ProvisionException failed(String what, ExecResult result) {
        return new ProvisionException("container-watch", ProvisionException.Reason.STEP_FAILED, what + " (exit status " + result.exitStatus()
                + "): " + result.err().strip());
    }

    /** The node's script, as Provision writes it. */
    static String script() {
        try (InputStream in = ContainerWatchStep.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("The resource " + SCRIPT + " is missing from Homeport's build.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
