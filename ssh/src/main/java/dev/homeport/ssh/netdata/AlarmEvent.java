package dev.homeport.ssh.netdata;

import java.time.Instant;

/**
 * One change of an alarm's status, from Netdata's alarm log ({@code /api/v1/alarm_log}), newest first.
 *
 * @param id        Netdata's unique id for the entry, growing: ask for the entries after the newest one seen
 * @param status    the new status (CLEAR, WARNING, CRITICAL, REMOVED, UNDEFINED…)
 * @param oldStatus the status before
 * @param notified  whether Netdata ran its notifier for this change, and it succeeded
 */
public record AlarmEvent(String node, long id, Instant when, String name, String chart, String family, String status,
                         String oldStatus, String value, String info, boolean notified) {
}
