package dev.homeport.ssh.alerts;

import dev.homeport.model.ValidationException;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A mute of one alarm on one chart of a node, kept on the node and applied as a Netdata silencer: the
 * alarm is still raised and shown, but the node sends no notification for it, also while Homeport is closed.
 *
 * @param until when it ends (the node lifts it itself), or null: until unmuted
 */
public record Mute(String node, String alarm, String chart, Instant until) {
    /** Netdata's alarm and chart names: they go into a file and a URL on the node, so nothing else is taken. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,200}");

    public Mute {
        check("alarm", alarm);
        check("chart", chart);
    }

    static void check(String field, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new ValidationException(field, "must be a Netdata " + field + " name (letters, digits, _ . -), got '" + value + "'");
        }
    }
}
