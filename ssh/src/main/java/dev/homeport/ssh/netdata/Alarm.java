package dev.homeport.ssh.netdata;

import java.time.Instant;

/**
 * One alarm a node's Netdata has raised now (WARNING or CRITICAL), from {@code /api/v1/alarms}.
 *
 * @param key      Netdata's key for it, chart and name ({@code disk_space._.homeport_disk_space})
 * @param name     the alarm's name ({@code homeport_disk_space})
 * @param chart    the chart it watches ({@code disk_space._})
 * @param family   the chart's family (for a disk, its mount point)
 * @param status   WARNING or CRITICAL
 * @param value    the value as Netdata writes it ({@code 93.1%})
 * @param since    when it last changed status
 * @param info     what the alarm means
 * @param silenced whether Netdata sends no notifications for it (a silencer matched it)
 */
public record Alarm(String node, String key, String name, String chart, String family, String status, String value,
                    Instant since, String info, boolean silenced) {
    public boolean critical() {
        return status.equals("CRITICAL");
    }

    /** Whether it is one of the alarms Provision installs (the others are Netdata's own). */
    public boolean homeports() {
        return name.startsWith("homeport_");
    }
}
