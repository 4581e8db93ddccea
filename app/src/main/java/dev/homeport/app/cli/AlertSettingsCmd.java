package dev.homeport.app.cli;

import dev.homeport.model.AlarmThresholds;
import dev.homeport.model.AlarmThresholds.Level;
import dev.homeport.model.AlertConfig;
import dev.homeport.model.CrashLoopPolicy;
import dev.homeport.model.NotifyMethod;
import dev.homeport.model.ValidationException;
import dev.homeport.model.inventory.AlertSettings;
import dev.homeport.model.vault.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code homeport settings alerts}: the thresholds of Homeport's alarms and how the nodes' Netdata sends them. */
@Command(name = "alerts", description = {"See and change the alert settings of every node: the thresholds of Homeport's alarms, and how"
        + " each node's Netdata sends alerts (email through the node's sendmail, Slack, Discord, ntfy, a webhook).",
        "Provision writes them to a node ('homeport node provision NAME'); 'homeport alerts test NAME' sends a test alert from it."
                + " Webhook addresses and tokens are kept in the vault.",
        "Also what makes a crash loop of a live release (--crashes, --crash-window), which the open desktop app watches for, and"
                + " each node's crash-loop alarm too once Provision has written it there."})
final class AlertSettingsCmd extends GroupCmd {
    private static final List<String> KINDS = List.of("email", "slack", "discord", "ntfy", "webhook");
    private final CliContext context;

    AlertSettingsCmd(CliContext context) {
        this.context = context;
    }

    @Command(name = "show", description = "Show the alert settings (secrets are not shown).")
    void show(@Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        context.output().details(json, Settings.of(context.homeport().alertSettings().config(), context.homeport().watchSettings().crashLoop()));
    }

    @Command(name = "set", description = {"Change the thresholds, in percent, as WARNING,CRITICAL (such as 85,95), or what makes a crash loop;"
            + " what is not given stays.", "Provision applies thresholds and the crash-loop setting to the nodes; the crash-loop setting"
            + " applies in the open app from the next exit, with no restart."})
    void set(@Option(names = "--disk", paramLabel = "W,C", description = "Disk space used on a mount (default 85,95).") String disk,
             @Option(names = "--inodes", paramLabel = "W,C", description = "Inodes used on a mount (default 85,95).") String inodes,
             @Option(names = "--memory", paramLabel = "W,C", description = "The node's memory used (default 90,98).") String memory,
             @Option(names = "--cpu", paramLabel = "W,C", description = "The node's CPU, over 10 minutes (default 90,98).") String cpu,
             @Option(names = "--container-memory", paramLabel = "W,C", description = "A container's memory against its limit (default 90,98).")
             String container,
             @Option(names = "--crashes", paramLabel = "N", description = "Exits nobody asked for that make a crash loop, "
                     + CrashLoopPolicy.MIN_CRASHES + " to " + CrashLoopPolicy.MAX_CRASHES + " (default " + CrashLoopPolicy.DEFAULT_CRASHES + ").")
             Integer crashes,
             @Option(names = "--crash-window", paramLabel = "TIME", description = "Within how long, such as 90s, 2m or 1h: 10 s to 1 h"
                     + " (default 2m).") String crashWindow,
             @Option(names = "--defaults", description = "Start from the default thresholds (and crash loop).") boolean defaults) {
        boolean thresholds = disk != null || inodes != null || memory != null || cpu != null || container != null || defaults;
        if (!thresholds && crashes == null && crashWindow == null) {
            throw new CliException(Cli.BAD_INPUT, "Give at least one of --disk, --inodes, --memory, --cpu, --container-memory, --crashes,"
                    + " --crash-window or --defaults.");
        }
        // Everything given is checked before anything is saved.
        CrashLoopPolicy loop = crashLoop(crashes, crashWindow, defaults);
        AlertSettings settings = context.homeport().alertSettings();
        AlertConfig now = settings.config();
        AlarmThresholds t = defaults ? AlarmThresholds.defaults() : now.thresholds();
        AlarmThresholds changed = new AlarmThresholds(level("--disk", disk, t.disk()), level("--inodes", inodes, t.inodes()),
                level("--memory", memory, t.memory()), level("--cpu", cpu, t.cpu()), level("--container-memory", container, t.containerMemory()));
        if (loop != null) {
            context.homeport().watchSettings().setCrashLoop(loop);
        }
        if (!thresholds) {
            context.output().line("Saved. " + CrashWords.loop(loop.crashes(), loop.windowSeconds()) + (loop.crashes() == 1 ? " makes" : " make")
                    + " a crash loop; the open app applies it from the next exit. Provision each node to apply it to its alarm"
                    + " ('homeport node provision NAME').");
            return;
        }
        settings.save(new AlertConfig(changed, now.methods()));
        context.output().line("Saved. Provision each node to apply it ('homeport node provision NAME').");
    }

    @Command(name = "add", description = {"Add a way to send alerts, or replace the one of that kind (email adds an address).",
            "KIND is email (--to ADDRESS), slack or discord (the webhook address is asked for, or read from --secret-file),"
                    + " ntfy (--topic URL, and an access token with --token, else none) or webhook (its address is asked for, or read"
                    + " from --secret-file; each alert is POSTed to it as a form)."})
    void add(@Parameters(paramLabel = "KIND") String kind,
             @Option(names = "--to", paramLabel = "ADDRESS", description = "email: the address to send to.") String to,
             @Option(names = "--topic", paramLabel = "URL", description = "ntfy: the topic's URL, such as https://ntfy.sh/my-servers.") String topic,
             @Option(names = "--token", description = "ntfy: ask for an access token (or read it from --secret-file).") boolean token,
             @Option(names = "--secret-file", paramLabel = "FILE", description = "Read the secret from FILE ('-' for standard input).") Path secretFile) {
        NotifyMethod method = switch (kind(kind)) {
            case "email" -> new NotifyMethod.Email(required("--to", to, kind));
            case "slack" -> new NotifyMethod.Slack(secret(secretFile, "Slack webhook address (not shown): "));
            case "discord" -> new NotifyMethod.Discord(secret(secretFile, "Discord webhook address (not shown): "));
            case "ntfy" -> new NotifyMethod.Ntfy(required("--topic", topic, kind), token || secretFile != null
                    ? secret(secretFile, "ntfy access token (not shown): ") : null);
            default -> new NotifyMethod.Webhook(secret(secretFile, "Webhook address (not shown): "));
        };
        AlertSettings settings = context.homeport().alertSettings();
        AlertConfig now = settings.config();
        List<NotifyMethod> methods = new ArrayList<>(now.methods());
        methods.removeIf(m -> m.kind().equals(method.kind()) && !(m instanceof NotifyMethod.Email) || m.equals(method));
        methods.add(method);
        settings.save(new AlertConfig(now.thresholds(), methods));
        context.output().line("Saved. Provision each node to apply it, then send a test alert ('homeport alerts test NAME').");
    }

    @Command(name = "remove", description = "Stop sending alerts one way: KIND, and for email the address (--to); all of that kind otherwise.")
    void remove(@Parameters(paramLabel = "KIND") String kind, @Option(names = "--to", paramLabel = "ADDRESS") String to) {
        String chosen = kind(kind);
        AlertSettings settings = context.homeport().alertSettings();
        AlertConfig now = settings.config();
        List<NotifyMethod> methods = new ArrayList<>(now.methods());
        boolean removed = methods.removeIf(m -> m.kind().equals(chosen) && (to == null || m instanceof NotifyMethod.Email e && e.address().equals(to)));
        if (!removed) {
            throw new CliException(Cli.BAD_INPUT, "No " + chosen + (to == null ? "" : " to " + Output.printable(to, false)) + " is set; nothing was changed.");
        }
        settings.save(new AlertConfig(now.thresholds(), methods));
        context.output().line("Removed. Provision each node to apply it.");
    }

    /** The crash-loop policy to save, or null when none of its options was given. */
    private CrashLoopPolicy crashLoop(Integer crashes, String window, boolean defaults) {
        if (crashes == null && window == null && !defaults) {
            return null;
        }
        CrashLoopPolicy from = defaults ? CrashLoopPolicy.defaults() : context.homeport().watchSettings().crashLoop();
        int seconds = window == null ? from.windowSeconds() : CrashWords.parseSeconds("--crash-window", window);
        try {
            return new CrashLoopPolicy(crashes == null ? from.crashes() : crashes, seconds);
        } catch (ValidationException e) {
            throw new ValidationException(e.field().equals("crashes") ? "--crashes" : "--crash-window", e.rule());
        }
    }

    private static String kind(String kind) {
        String k = kind.toLowerCase(Locale.ROOT);
        if (!KINDS.contains(k)) {
            throw new CliException(Cli.BAD_INPUT, "KIND: must be one of " + String.join(", ", KINDS) + ", got '" + Output.printable(kind, false) + "'");
        }
        return k;
    }

    private static String required(String option, String value, String kind) {
        if (value == null) {
            throw new CliException(Cli.BAD_INPUT, kind + " needs " + option + ".");
        }
        return value;
    }

    private Secret secret(Path file, String prompt) {
        return Secret.of(ValueInput.oneLine(ValueInput.secret(file, context.terminal(), prompt), "The value"));
    }

    private static Level level(String option, String text, Level now) {
        if (text == null) {
            return now;
        }
        String[] parts = text.split(",");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            return new Level(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
        } catch (NumberFormatException e) {
            throw new CliException(Cli.BAD_INPUT, option + ": must be WARNING,CRITICAL in percent, such as 85,95, got '" + Output.printable(text, false) + "'");
        } catch (ValidationException e) {
            throw new ValidationException(option, e.rule());
        }
    }

    /** The settings as {@code show} prints them; no secret is in them. */
    record Settings(String disk, String inodes, String memory, String cpu, String containerMemory, List<String> methods,
                    int crashLoopCrashes, int crashLoopWindowSeconds) implements Output.Details {
        static Settings of(AlertConfig config, CrashLoopPolicy loop) {
            AlarmThresholds t = config.thresholds();
            return new Settings(text(t.disk()), text(t.inodes()), text(t.memory()), text(t.cpu()), text(t.containerMemory()),
                    config.methods().stream().map(Settings::describe).toList(), loop.crashes(), loop.windowSeconds());
        }

        private static String text(Level level) {
            return level.warning() + "," + level.critical();
        }

        private static String describe(NotifyMethod method) {
            return switch (method) {
                case NotifyMethod.Email email -> "email to " + email.address() + " (the node's sendmail)";
                case NotifyMethod.Ntfy ntfy -> "ntfy to " + ntfy.topicUrl() + (ntfy.token() == null ? "" : " (with an access token)");
                default -> method.kind() + " (its address is in the vault)";
            };
        }

        @Override
        public List<Output.Field> fields() {
            return List.of(Output.Field.of("disk space (warning,critical %)", disk), Output.Field.of("inodes", inodes),
                    Output.Field.of("memory", memory), Output.Field.of("CPU over 10 minutes", cpu),
                    Output.Field.of("container memory of its limit", containerMemory),
                    new Output.Field("sent by", methods.isEmpty() ? List.of("nothing yet: 'homeport settings alerts add KIND'") : methods),
                    Output.Field.of("crash loop", CrashWords.loop(crashLoopCrashes, crashLoopWindowSeconds)));
        }
    }
}
