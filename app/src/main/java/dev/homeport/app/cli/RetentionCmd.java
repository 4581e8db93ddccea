package dev.homeport.app.cli;

import dev.homeport.model.RetentionPolicy;
import dev.homeport.model.ValidationException;
import dev.homeport.model.inventory.Retention;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code homeport settings retention}: how many releases, logs and node events the store keeps. */
@Command(name = "retention", description = {"See and change how much history the store keeps, so it does not grow for ever.",
        "Homeport prunes after every deployment, and at each start of the desktop app. The live release, a release in progress"
                + " and the releases a service keeps for rollback ('service set --keep') are never removed."})
final class RetentionCmd extends GroupCmd {
    /** The policy's field names, as the options that set them are named. */
    private static final Map<String, String> OPTION_OF = Map.of("deployments", "--deployments", "logs", "--logs",
            "eventDays", "--event-days", "events", "--events");
    private final CliContext context;

    RetentionCmd(CliContext context) {
        this.context = context;
    }

    @Command(name = "show", description = "Show the retention policy in force.")
    void show(@Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        context.output().details(json, new Policy(context.homeport().retention().policy()));
    }

    @Command(name = "set", description = "Change the retention policy; what is not given stays as it is. The next pruning applies it.")
    void set(@Option(names = "--deployments", paramLabel = "N",
                     description = "Releases kept per service, newest first; older ones go with their logs (default: "
                             + RetentionPolicy.DEFAULT_DEPLOYMENTS_KEPT + ").") Integer deployments,
             @Option(names = "--logs", paramLabel = "N",
                     description = "Of those, how many keep their full log; older ones keep state, image and reason (default: "
                             + RetentionPolicy.DEFAULT_LOGS_KEPT + ").") Integer logs,
             @Option(names = "--event-days", paramLabel = "DAYS",
                     description = "Node events (probes, provisioning) older than this go (default: "
                             + RetentionPolicy.DEFAULT_EVENT_DAYS + ").") Integer eventDays,
             @Option(names = "--events", paramLabel = "N",
                     description = "Node events kept per node, newest first (default: " + RetentionPolicy.DEFAULT_EVENTS_KEPT + ").") Integer events,
             @Option(names = "--defaults", description = "Start from the defaults instead of the policy in force.") boolean defaults) {
        if (deployments == null && logs == null && eventDays == null && events == null && !defaults) {
            throw new CliException(Cli.BAD_INPUT, "Give at least one of --deployments, --logs, --event-days, --events or --defaults.");
        }
        Retention retention = context.homeport().retention();
        RetentionPolicy now = defaults ? RetentionPolicy.defaults() : retention.policy();
        RetentionPolicy changed;
        try {
            changed = new RetentionPolicy(deployments == null ? now.deploymentsKept() : deployments, logs == null ? now.logsKept() : logs,
                    eventDays == null ? now.eventDays() : eventDays, events == null ? now.eventsKept() : events);
        } catch (ValidationException e) {
            throw new ValidationException(OPTION_OF.getOrDefault(e.field(), e.field()), e.rule());
        }
        retention.setPolicy(changed);
        context.output().line("Saved. Homeport keeps " + changed.deploymentsKept() + " releases per service (" + changed.logsKept()
                + " with their logs), and node events of the last " + changed.eventDays() + " days (at most " + changed.eventsKept()
                + " per node). 'homeport settings retention prune' applies it now.");
    }

    @Command(name = "prune", description = "Remove now what the retention policy no longer keeps.")
    void prune(@Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        Retention.Pruned pruned = context.homeport().retention().prune();
        if (json) {
            context.output().json(pruned);
        } else {
            context.output().line(pruned.nothing() ? "Nothing to remove: the store holds no more than the policy keeps."
                    : "Removed " + pruned.deployments() + " releases, " + pruned.logLines() + " log lines and " + pruned.nodeEvents() + " node events.");
        }
    }

    /** The policy as {@code show} prints it; in JSON, the policy's own fields. */
    record Policy(int deploymentsKept, int logsKept, int eventDays, int eventsKept) implements Output.Details {
        Policy(RetentionPolicy policy) {
            this(policy.deploymentsKept(), policy.logsKept(), policy.eventDays(), policy.eventsKept());
        }

        @Override
        public List<Output.Field> fields() {
            return List.of(Output.Field.of("releases kept per service", deploymentsKept),
                    Output.Field.of("  with their full log", logsKept),
                    Output.Field.of("node events kept for", eventDays + " days"),
                    Output.Field.of("  at most, per node", eventsKept));
        }
    }
}
