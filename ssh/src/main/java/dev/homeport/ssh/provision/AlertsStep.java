package dev.homeport.ssh.provision;

import dev.homeport.model.AlertConfig;
import dev.homeport.model.NotifyMethod;
import dev.homeport.model.Sha256;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.ExecResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Homeport's alarms and the way Netdata sends them ({@link HomeportAlarms}): each file is written only
 * when its content, owner or mode differ from what it should be, through standard input (the
 * notification file holds webhook addresses and tokens), then Netdata reloads its health configuration.
 * Without alert settings in the options, both files are left as they are (the alarms are installed with
 * their default thresholds where there are none).
 */
final class AlertsStep implements ProvisionStep {
    /** The alarms hold no secret: anyone may read them, so checking them needs no root. */
    static final String ALARMS_OWNER = "root:root:644";
    /** The notification settings hold webhook addresses and tokens: root writes them, netdata's group reads them. */
    static final String NOTIFY_OWNER = "root:netdata:640";
    /**
     * The file's SHA-256, owner:group:mode and whether Homeport wrote it ("homeport" or "other"), or "missing".
     * A file the user cannot read (the notification settings, 0640) is known by the checksum Homeport
     * recorded next to it when it wrote it ({@value #RECORDED}), so checking needs no root.
     */
    private static final String STATE = """
            f=$1
            if [ ! -f "$f" ]; then
              echo missing
            elif [ -r "$f" ]; then
              mark=other
              head -n 1 "$f" | grep -q '^# Written by Homeport' && mark=homeport
              printf '%s %s %s\\n' "$(sha256sum < "$f" | cut -d ' ' -f 1)" "$(stat -c %U:%G:%a "$f")" "$mark"
            elif [ -r "$f$2" ]; then
              printf '%s %s homeport\\n' "$(cat "$f$2")" "$(stat -c %U:%G:%a "$f")"
            else
              printf 'unreadable %s other\\n' "$(stat -c %U:%G:%a "$f")"
            fi
            """;
    /** The suffix of the file that records the SHA-256 of what Homeport wrote (no secret: a checksum). */
    static final String RECORDED = ".homeport-sha256";
    /** The content arrives on standard input; the file is replaced whole, never half-written. */
    private static final String WRITE = """
            f=$1
            mkdir -p "$(dirname "$f")"
            umask 077
            cat > "$f.homeport-new" && chown "$2" "$f.homeport-new" && chmod "$3" "$f.homeport-new" || exit 1
            sha256sum < "$f.homeport-new" | cut -d ' ' -f 1 > "$f$4.new" && chmod 0644 "$f$4.new" && mv -f "$f$4.new" "$f$4" || exit 1
            mv -f "$f.homeport-new" "$f"
            """;
    /** netdatacli talks to the running agent; SIGUSR2 is the older way to the same reload. */
    private static final String RELOAD = """
            netdatacli reload-health 2>/dev/null || pkill -USR2 -x netdata
            """;

    @Override
    public String name() {
        return "alerts";
    }

    @Override
    public String title() {
        return "Alarms and notifications in Netdata";
    }

    @Override
    public void apply(StepContext context) {
        if (context.facts().get("netdata.health").equals("off")) {
            context.log("Netdata's health engine is turned off in its configuration ([health] enabled = no), set by hand:"
                    + " Homeport leaves it off, so this node raises and sends no alarms. Turn it on and run Provision again for alerts.");
            return;
        }
        AlertConfig config = context.options().alerts();
        boolean notify = config != null;
        AlertConfig wanted = notify ? config : AlertConfig.defaults();
        String alarms = HomeportAlarms.alarms(wanted.thresholds(), wanted.crashLoop());
        String notifyText = HomeportAlarms.notify(wanted.methods());
        boolean reload = false;
        String alarmsState = state(context, HomeportAlarms.ALARMS);
        if (!notify && !alarmsState.equals("missing")) {
            context.log("no alert settings given: Homeport's alarms and the notification settings on the node are left as they are");
        } else if (!alarmsState.startsWith(Sha256.hex(alarms) + " " + ALARMS_OWNER + " ")) {
            write(context, HomeportAlarms.ALARMS, alarms, ALARMS_OWNER);
            context.changed((alarmsState.equals("missing") ? "installed Homeport's alarms in " : "updated Homeport's alarms in ") + HomeportAlarms.ALARMS);
            reload = true;
        }
        String notifyState = notify ? state(context, HomeportAlarms.NOTIFY) : "";
        if (notify && wanted.methods().isEmpty() && !notifyState.endsWith(" homeport")) {
            // Nothing chosen in Homeport: notification settings made by hand (or Netdata's defaults) stay.
            if (!notifyState.equals("missing")) {
                context.log("no alert methods are set in Homeport: the notification settings in " + HomeportAlarms.NOTIFY + " (not Homeport's) are left as they are");
            }
        } else if (notify && !notifyState.startsWith(Sha256.hex(notifyText) + " " + NOTIFY_OWNER + " ")) {
            if (HomeportAlarms.needsCurl(wanted.methods()) && !context.exec(Command.of("sh", "-c", "command -v curl")).ok()) {
                context.aptInstall("curl");
                context.changed("installed curl (Netdata sends webhooks with it)");
            }
            write(context, HomeportAlarms.NOTIFY, notifyText, NOTIFY_OWNER);
            context.changed("set how Netdata sends alerts (" + describe(wanted.methods()) + ") in " + HomeportAlarms.NOTIFY);
            reload = true;
        }
        if (reload) {
            context.runAsRoot(Command.script(RELOAD), "Reloading Netdata's health configuration");
            context.changed("reloaded Netdata's health configuration");
        }
        if (reload || !context.facts().get("netdata.alarms.homeport").matches("[1-9]\\d*")) {
            context.awaitFacts(AlertsStep::loaded, Duration.ofSeconds(30), "Netdata did not load Homeport's alarms from " + HomeportAlarms.ALARMS
                    + " within 30 s; its error log (/var/log/netdata/error.log) says why.");
        }
    }

    /** Netdata answers, and has Homeport's alarms. */
    static boolean loaded(NodeFacts facts) {
        return NetdataStep.ready(facts) && facts.get("netdata.alarms.homeport").matches("[1-9]\\d*");
    }

    static String describe(List<NotifyMethod> methods) {
        return methods.isEmpty() ? "sends nothing" : String.join(", ", methods.stream().map(NotifyMethod::kind).distinct().toList());
    }

    /** The file's state line (see STATE), read without root. */
    static String state(StepContext context, String path) {
        ExecResult result = context.exec(Command.script(STATE, path, RECORDED));
        List<String> lines = result.out().lines().toList();
        if (!result.ok() || lines.size() != 1) {
            throw new ProvisionException("alerts", ProvisionException.Reason.STEP_FAILED, "Could not read " + path + " on the node (exit status "
                    + result.exitStatus() + "): " + result.err().strip());
        }
        return lines.getFirst();
    }

    static void write(StepContext context, String path, String content, String ownerAndMode) {
        int colon = ownerAndMode.lastIndexOf(':');
        context.runAsRoot(Command.script(WRITE, path, ownerAndMode.substring(0, colon), "0" + ownerAndMode.substring(colon + 1), RECORDED),
                content.getBytes(StandardCharsets.UTF_8), "Writing " + path);
    }
}
