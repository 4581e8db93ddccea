package dev.homeport.app.cli;

import dev.homeport.model.LogViewBound;
import dev.homeport.model.ValidationException;
import dev.homeport.model.inventory.WatchSettings;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code homeport settings logs}: how much of a log the desktop app's Logs tab keeps. */
@Command(name = "logs", description = {"See, or change with its options, how much of a service's log the desktop app's Logs tab keeps:"
        + " the newest lines, up to a number of lines or MiB of their text, whichever comes first.",
        "A change applies to the Logs tabs opened after it, and to a tab open in the app within seconds (a lower one drops its"
        + " oldest lines). 'homeport logs' itself keeps nothing: it prints as it reads."})
final class LogSettingsCmd implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--max-lines", paramLabel = "N", description = "Lines kept, 10000 to 10000000 (default: " + LogViewBound.DEFAULT_LINES + ").")
    Integer maxLines;

    @Option(names = "--max-mib", paramLabel = "M", description = "MiB of text kept, " + LogViewBound.MIN_MIB + " to " + LogViewBound.MAX_MIB
            + " (default: " + LogViewBound.DEFAULT_MIB + ").")
    Integer maxMib;

    @Option(names = "--defaults", description = "Start from the defaults instead of the setting in force.")
    boolean defaults;

    @Option(names = "--json", description = Output.JSON_HELP)
    boolean json;

    LogSettingsCmd(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        WatchSettings settings = context.homeport().watchSettings();
        LogViewBound now = settings.logView();
        if (maxLines == null && maxMib == null && !defaults) {
            context.output().details(json, new Bound(now.maxLines(), now.maxMib()));
            return Cli.OK;
        }
        LogViewBound from = defaults ? LogViewBound.defaults() : now;
        LogViewBound changed;
        try {
            changed = new LogViewBound(maxLines == null ? from.maxLines() : maxLines, maxMib == null ? from.maxMib() : maxMib);
        } catch (ValidationException e) {
            throw new ValidationException(e.field().equals("maxLines") ? "--max-lines" : "--max-mib", e.rule());
        }
        settings.setLogView(changed);
        if (json) {
            context.output().json(new Bound(changed.maxLines(), changed.maxMib()));
        } else {
            context.output().line("Saved. Logs tabs opened from now keep the newest " + String.format(Locale.ROOT, "%,d", changed.maxLines())
                    + " lines, at most " + changed.maxMib() + " MiB of text.");
        }
        return Cli.OK;
    }

    /** The setting as shown; in JSON, its own fields. */
    record Bound(int maxLines, int maxMib) implements Output.Details {
        @Override
        public List<Output.Field> fields() {
            return List.of(Output.Field.of("Logs tab keeps at most", String.format(Locale.ROOT, "%,d lines", maxLines)),
                    Output.Field.of("  and at most", maxMib + " MiB of text"));
        }
    }
}
