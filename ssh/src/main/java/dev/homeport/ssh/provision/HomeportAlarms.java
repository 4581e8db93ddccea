package dev.homeport.ssh.provision;

import dev.homeport.model.NotifyMethod;
import dev.homeport.model.AlarmThresholds;
import dev.homeport.model.CrashLoopPolicy;
import dev.homeport.ssh.transport.Command;
import java.util.ArrayList;
import java.util.List;

/**
 * The two files Provision writes for Netdata's health engine: Homeport's alarms,
 * {@value #ALARMS}, and how they are sent, {@value #NOTIFY} (Netdata's format, a bash file that
 * {@code alarm-notify.sh} sources after its stock one). Netdata's stock alarms are left as they are.
 */
public final class HomeportAlarms {
    public static final String ALARMS = "/etc/netdata/health.d/homeport.conf";
    public static final String NOTIFY = "/etc/netdata/health_alarm_notify.conf";
    /** The roles of Netdata's stock alarms; each is sent by the chosen methods. */
    private static final List<String> ROLES = List.of("sysadmin", "domainadmin", "dba", "webmaster", "proxyadmin", "sitemgr");
    /** The names of Homeport's alarms on a node start with this. */
    public static final String PREFIX = "homeport_";
    /** Netdata's statsd app for the container watch's chart (see {@link #statsd()}). */
    public static final String STATSD = "/etc/netdata/statsd.d/homeport.conf";

    private HomeportAlarms() {
    }

    /**
     * Homeport's alarms, in Netdata 1.37's health configuration format. The two container alarms are templates with
     * {@code foreach *} over the charts whose dimensions are the containers (see {@link #statsd()}): Netdata makes
     * one alarm per container, named {@code homeport_container_crash_loop_<container>}, so the alert names it.
     */
    static String alarms(AlarmThresholds t, CrashLoopPolicy loop) {
        return """
                # Written by Homeport, which rewrites it when its alert settings change; change them in Homeport.
                # Netdata's own alarms (/usr/lib/netdata/conf.d/health.d) are left as they are.

                 template: homeport_disk_space
                       on: disk.space
                    class: Utilization
                component: Disk
                 families: !/dev !/dev/* !/run !/run/* !/sys !/sys/* !/proc !/proc/* *
                     calc: $used * 100 / ($avail + $used)
                    units: %%
                    every: 10s
                     warn: $this > %d
                     crit: $this > %d
                    delay: down 15m multiplier 1.5 max 1h
                     info: disk space used on $family
                       to: sysadmin

                 template: homeport_disk_inodes
                       on: disk.inodes
                    class: Utilization
                component: Disk
                 families: !/dev !/dev/* !/run !/run/* !/sys !/sys/* !/proc !/proc/* *
                     calc: $used * 100 / ($avail + $used)
                    units: %%
                    every: 1m
                     warn: $this > %d
                     crit: $this > %d
                    delay: down 15m multiplier 1.5 max 1h
                     info: inodes used on $family
                       to: sysadmin

                    alarm: homeport_memory
                       on: system.ram
                    class: Utilization
                component: Memory
                       os: linux
                     calc: $used * 100 / ($used + $cached + $free + $buffers)
                    units: %%
                    every: 10s
                     warn: $this > %d
                     crit: $this > %d
                    delay: down 15m multiplier 1.5 max 1h
                     info: memory used on the node
                       to: sysadmin

                    alarm: homeport_cpu
                       on: system.cpu
                    class: Utilization
                component: CPU
                       os: linux
                   lookup: average -10m unaligned of user,system,softirq,irq,guest
                    units: %%
                    every: 1m
                     warn: $this > %d
                     crit: $this > %d
                    delay: down 15m multiplier 1.5 max 1h
                     info: CPU use on the node, the average of the last 10 minutes
                       to: sysadmin

                 template: homeport_container_memory
                       on: cgroup.mem_usage
                    class: Utilization
                component: Memory
                       os: linux
                     calc: ($ram) * 100 / $memory_limit
                    units: %%
                    every: 10s
                     warn: $this > %d
                     crit: $this > %d
                    delay: down 15m multiplier 1.5 max 1h
                     info: memory a container uses against its limit (at 100 %%, the kernel kills its processes)
                       to: sysadmin

                    alarm: homeport_docker_daemon
                       on: apps.processes
                    class: Errors
                component: Docker
                       os: linux
                   lookup: max -30s unaligned of containers
                    units: processes
                    every: 10s
                     crit: $this == 0
                     info: no Docker daemon process runs on the node (undefined until Netdata has seen one)
                       to: sysadmin

                    alarm: homeport_caddy
                       on: apps.processes
                    class: Errors
                component: Caddy
                       os: linux
                   lookup: max -30s unaligned of httpd
                    units: processes
                    every: 10s
                     crit: $this == 0
                     info: no Caddy (web server) process runs on the node (undefined until Netdata has seen one)
                       to: sysadmin

                 template: homeport_container_crash_loop
                       on: homeport.container_crash_loop
                    class: Errors
                component: Docker
                   lookup: max -10s unaligned foreach *
                    units: containers
                    every: 10s
                     crit: $this > 0
                     info: a Homeport container crash-loops: Docker or Swarm restarted it %s or more within %s;\
                 the alarm's name ends with the container's name (ENVIRONMENT-SERVICE-RELEASE, or a Swarm replica's SERVICE.SLOT)
                       to: sysadmin

                 template: homeport_container_down
                       on: homeport.container_down
                    class: Errors
                component: Docker
                   lookup: max -10s unaligned foreach *
                    units: containers
                    every: 10s
                     crit: $this > 0
                     info: a Homeport container stopped without Homeport stopping it, and stays down;\
                 the alarm's name ends with the container's name (ENVIRONMENT-SERVICE-RELEASE)
                       to: sysadmin
                """.formatted(t.disk().warning(), t.disk().critical(), t.inodes().warning(), t.inodes().critical(),
                t.memory().warning(), t.memory().critical(), t.cpu().warning(), t.cpu().critical(),
                t.containerMemory().warning(), t.containerMemory().critical(),
                loop.crashes() == 1 ? "once" : loop.crashes() + " times", seconds(loop.windowSeconds()));
    }

    /** "3 restarts within 2 min", as Provision's log says it. */
    static String describe(CrashLoopPolicy loop) {
        return loop.crashes() + (loop.crashes() == 1 ? " restart" : " restarts") + " within " + seconds(loop.windowSeconds());
    }

    /** "45 s", "2 min", "1 h", as the app shows a crash loop's window. */
    static String seconds(int seconds) {
        if (seconds % 60 != 0) {
            return seconds + " s";
        }
        return seconds % 3600 == 0 ? seconds / 3600 + " h" : seconds / 60 + " min";
    }

    /**
     * The charts the node's container watch feeds ({@code watch-containers}, run by cron), made by Netdata's statsd
     * server from the gauges the script sends: {@code homeport.containers} from the two counts
     * ({@code homeport.containers.crashloop}, {@code homeport.containers.down}), for the dashboard; and
     * {@code homeport.crashloop} and {@code homeport.down}, whose dimensions are the containers, one per gauge
     * {@code homeport.crashloop.<container>} (1 while it loops, 0 once it no longer does), added as they first come
     * ({@code dimension = pattern}). Homeport's alarms watch the last two. Netdata reads this file only when it starts.
     */
    static String statsd() {
        return """
                # Written by Homeport, which rewrites it; the charts of Homeport's containers, fed by Homeport's container watch.
                [app]
                    name = homeport
                    metrics = homeport.*
                    private charts = no
                    gaps when not collected = no

                [containers]
                    name = containers
                    title = Homeport's containers that crash-loop or are down
                    family = containers
                    context = homeport.containers
                    units = containers
                    priority = 91000
                    type = line
                    dimension = homeport.containers.crashloop crashloop last 1 1
                    dimension = homeport.containers.down down last 1 1

                [crashloop]
                    name = crashloop
                    title = Homeport's containers in a crash loop (1 while it loops)
                    family = containers
                    context = homeport.container_crash_loop
                    units = containers
                    priority = 91001
                    type = line
                    dimension = pattern homeport.crashloop.* '' last 1 1

                [down]
                    name = down
                    title = Homeport's containers down without Homeport stopping them (1 while down)
                    family = containers
                    context = homeport.container_down
                    units = containers
                    priority = 91002
                    type = line
                    dimension = pattern homeport.down.* '' last 1 1
                """;
    }

    /**
     * How Netdata sends every alarm (its own and Homeport's): only by the chosen methods; every other
     * method Netdata has is left without recipients. The file holds the secrets, so it is 0640 root:netdata.
     */
    static String notify(List<NotifyMethod> methods) {
        List<String> emails = new ArrayList<>();
        String slack = null;
        String discord = null;
        NotifyMethod.Ntfy ntfy = null;
        String webhook = null;
        for (NotifyMethod method : methods) {
            switch (method) {
                case NotifyMethod.Email email -> emails.add(email.address());
                case NotifyMethod.Slack s -> slack = s.webhookUrl().reveal();
                case NotifyMethod.Discord d -> discord = d.webhookUrl().reveal();
                case NotifyMethod.Ntfy n -> ntfy = n;
                case NotifyMethod.Webhook w -> webhook = w.url().reveal();
            }
        }
        boolean custom = ntfy != null || webhook != null;
        StringBuilder out = new StringBuilder("""
                # Written by Homeport, which rewrites it when its alert settings change; change them in Homeport.
                # alarm-notify.sh reads Netdata's stock file first, then this one.

                """);
        out.append("SEND_EMAIL=").append(yes(!emails.isEmpty())).append('\n');
        out.append("DEFAULT_RECIPIENT_EMAIL=").append(Command.quote(String.join(" ", emails))).append('\n');
        out.append("SEND_SLACK=").append(yes(slack != null)).append('\n');
        out.append("SLACK_WEBHOOK_URL=").append(Command.quote(slack == null ? "" : slack)).append('\n');
        out.append("DEFAULT_RECIPIENT_SLACK=").append(slack == null ? "''" : "'#'").append('\n');
        out.append("SEND_DISCORD=").append(yes(discord != null)).append('\n');
        out.append("DISCORD_WEBHOOK_URL=").append(Command.quote(discord == null ? "" : discord)).append('\n');
        out.append("DEFAULT_RECIPIENT_DISCORD=").append(discord == null ? "''" : "alerts").append('\n');
        out.append("SEND_CUSTOM=").append(yes(custom)).append('\n');
        out.append("DEFAULT_RECIPIENT_CUSTOM=").append(custom ? "homeport" : "''").append('\n');
        out.append("HOMEPORT_NTFY_URL=").append(Command.quote(ntfy == null ? "" : ntfy.topicUrl())).append('\n');
        out.append("HOMEPORT_NTFY_TOKEN=").append(Command.quote(ntfy == null || ntfy.token() == null ? "" : ntfy.token().reveal())).append('\n');
        out.append("HOMEPORT_WEBHOOK_URL=").append(Command.quote(webhook == null ? "" : webhook)).append('\n');
        out.append('\n');
        out.append("# The stock file set each role's recipients from its defaults before this file was read: set them again.\n");
        out.append("for role in ").append(String.join(" ", ROLES)).append("; do\n");
        for (String method : List.of("email", "slack", "discord", "custom")) {
            out.append("  role_recipients_").append(method).append("[$role]=\"${DEFAULT_RECIPIENT_").append(method.toUpperCase(java.util.Locale.ROOT))
                    .append("}\"\n");
        }
        out.append("done\n\n");
        out.append("""
                # ntfy and plain webhooks. Addresses and tokens go to curl on its standard input (-K -), never as arguments.
                custom_sender() {
                  local failed=0 priority=default tags=warning
                  case "${status}" in
                    CRITICAL) priority=high; tags=rotating_light ;;
                    CLEAR) priority=low; tags=white_check_mark ;;
                  esac
                  if [ -n "${HOMEPORT_NTFY_URL}" ]; then
                    if { printf 'url = "%s"\\n' "${HOMEPORT_NTFY_URL}"
                         [ -z "${HOMEPORT_NTFY_TOKEN}" ] || printf 'header = "Authorization: Bearer %s"\\n' "${HOMEPORT_NTFY_TOKEN}"
                       } | "${curl:-curl}" -fsS --max-time 15 -o /dev/null -K - \\
                         -H "Title: ${host} ${status}: ${name}" -H "Priority: ${priority}" -H "Tags: ${tags}" \\
                         --data-binary "${alarm} (${chart}): ${info}"; then
                      info "sent ntfy notification for ${host} ${chart}.${name}: ${status}"
                    else
                      error "failed to send ntfy notification for ${host} ${chart}.${name}: ${status}"
                      failed=1
                    fi
                  fi
                  if [ -n "${HOMEPORT_WEBHOOK_URL}" ]; then
                    if printf 'url = "%s"\\n' "${HOMEPORT_WEBHOOK_URL}" | "${curl:-curl}" -fsS --max-time 15 -o /dev/null -K - \\
                         --data-urlencode "host=${host}" --data-urlencode "alarm=${name}" --data-urlencode "status=${status}" \\
                         --data-urlencode "old_status=${old_status}" --data-urlencode "value=${value_string}" \\
                         --data-urlencode "chart=${chart}" --data-urlencode "info=${info}" --data-urlencode "when=${when}"; then
                      info "sent webhook notification for ${host} ${chart}.${name}: ${status}"
                    else
                      error "failed to send webhook notification for ${host} ${chart}.${name}: ${status}"
                      failed=1
                    fi
                  fi
                  return ${failed}
                }
                """);
        return out.toString();
    }

    /** Whether sending needs curl on the node (every method but email). */
    static boolean needsCurl(List<NotifyMethod> methods) {
        return methods.stream().anyMatch(m -> !(m instanceof NotifyMethod.Email));
    }

    private static String yes(boolean yes) {
        return yes ? "YES" : "NO";
    }
}
