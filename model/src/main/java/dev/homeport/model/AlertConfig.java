package dev.homeport.model;

import java.util.List;

/**
 * What Provision installs for alerts that reach the user while Homeport is closed: the thresholds of
 * Homeport's alarms, and how the node's Netdata sends them (none: Netdata sends nothing; the alarms are
 * still raised and shown by Homeport).
 */
public record AlertConfig(AlarmThresholds thresholds, List<NotifyMethod> methods) {
    public AlertConfig {
        if (thresholds == null) {
            throw new ValidationException("thresholds", "are required");
        }
        methods = List.copyOf(methods);
        if (methods.stream().filter(m -> !(m instanceof NotifyMethod.Email)).map(NotifyMethod::kind).distinct().count()
                != methods.stream().filter(m -> !(m instanceof NotifyMethod.Email)).count()) {
            throw new ValidationException("methods", "one of each kind, but email, which may name several addresses");
        }
    }

    public static AlertConfig defaults() {
        return new AlertConfig(AlarmThresholds.defaults(), List.of());
    }
}
