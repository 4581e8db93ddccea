package dev.homeport.model;

import java.util.List;

/**
 * What Provision installs for alerts that reach the user while Homeport is closed: the thresholds of
 * Homeport's alarms, how the node's Netdata sends them (none: Netdata sends nothing; the alarms are
 * still raised and shown by Homeport), and what makes a crash loop, which the node's container watch counts
 * as the app's own crash watch does.
 *
 * <p>{@code crashLoop} is kept in the store with the app's watch settings
 * ({@link dev.homeport.model.inventory.WatchSettings}), where the app's crash watch reads it;
 * {@link dev.homeport.model.inventory.AlertSettings#config()} reads it with the rest, and
 * {@link dev.homeport.model.inventory.AlertSettings#save} does not write it.
 */
public record AlertConfig(AlarmThresholds thresholds, List<NotifyMethod> methods, CrashLoopPolicy crashLoop) {
    public AlertConfig {
        if (thresholds == null) {
            throw new ValidationException("thresholds", "are required");
        }
        if (crashLoop == null) {
            throw new ValidationException("crashLoop", "is required");
        }
        methods = List.copyOf(methods);
        if (methods.stream().filter(m -> !(m instanceof NotifyMethod.Email)).map(NotifyMethod::kind).distinct().count()
                != methods.stream().filter(m -> !(m instanceof NotifyMethod.Email)).count()) {
            throw new ValidationException("methods", "one of each kind, but email, which may name several addresses");
        }
    }

    /** With the default crash loop (3 exits in 2 minutes). */
    public AlertConfig(AlarmThresholds thresholds, List<NotifyMethod> methods) {
        this(thresholds, methods, CrashLoopPolicy.defaults());
    }

    public static AlertConfig defaults() {
        return new AlertConfig(AlarmThresholds.defaults(), List.of());
    }

    public AlertConfig withCrashLoop(CrashLoopPolicy policy) {
        return new AlertConfig(thresholds, methods, policy);
    }
}
