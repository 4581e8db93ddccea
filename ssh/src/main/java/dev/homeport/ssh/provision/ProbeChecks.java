package dev.homeport.ssh.provision;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Judges the facts a probe gathered into a report, in a fixed order. The
 * system's checks are here, the services' in {@link ServiceChecks}; the
 * privilege check comes last, because root or sudo is a prerequisite only
 * when provisioning has something to install or change.
 */
final class ProbeChecks {
    static final String OS = "os";
    static final String RESOURCES = "resources";
    static final String DISK_ROOT = "disk-root";
    static final String DISK_DOCKER = "disk-docker";
    static final String PACKAGE_MANAGER = "package-manager";
    static final String DOCKER = "docker";
    static final String DOCKER_ACCESS = "docker-access";
    static final String DOCKER_NETWORK = "docker-network";
    static final String CADDY = "caddy";
    static final String CADDY_ADMIN = "caddy-admin";
    static final String NETDATA = "netdata";
    static final String NETDATA_API = "netdata-api";
    static final String PORTS = "ports";
    static final String PRIVILEGES = "privileges";
    static final String DEPLOY_TOOLS = "deploy-tools";
    static final String BACKUP_TOOLS = "backup-tools";

    /** Checks whose problems provisioning fixes with root rights. */
    private static final Set<String> NEED_ROOT_TO_FIX = Set.of(PACKAGE_MANAGER, DOCKER, DOCKER_ACCESS, CADDY, CADDY_ADMIN, NETDATA, NETDATA_API);
    static final long LOW_DISK_KB = 2L * 1024 * 1024;
    static final long LOW_MEMORY_KB = 1024L * 1024;
    static final int CADDY_ADMIN_PORT = 2019;
    static final int NETDATA_PORT = 19999;
    static final String PROVISION = "Run Provision on this node";

    private final NodeFacts facts;

    ProbeChecks(NodeFacts facts) {
        this.facts = facts;
    }

    ProbeReport report() {
        List<ProbeCheck> checks = new ArrayList<>(List.of(os(), resources(), disk(DISK_ROOT, "Free space on /", "disk.root.kb", "/"),
                disk(DISK_DOCKER, "Free space for Docker", "disk.docker.kb", facts.get("disk.docker.path")),
                packageManager()));
        ServiceChecks services = new ServiceChecks(facts);
        checks.addAll(List.of(services.docker(), services.dockerAccess(), services.dockerNetwork(), services.caddy(),
                services.caddyAdmin(), services.netdata(), services.netdataApi(), ports(), deployTools(), backupTools()));
        checks.add(privileges(checks));
        return new ProbeReport(checks, facts);
    }

    static boolean supportedOs(NodeFacts facts) {
        return Set.of("debian", "ubuntu").contains(facts.get("os.id"));
    }

    ProbeCheck os() {
        String label = "Operating system";
        if (!facts.has("os.id")) {
            return ProbeCheck.failed(OS, label, "no /etc/os-release: the system could not be identified",
                    "Use a Debian or Ubuntu server; Homeport provisions only those");
        }
        String name = facts.has("os.name") ? facts.get("os.name") : facts.get("os.id") + " " + facts.get("os.version");
        if (!supportedOs(facts)) {
            return ProbeCheck.failed(OS, label, name + " is not supported (Homeport supports Debian and Ubuntu)",
                    "Use a Debian or Ubuntu server, or install Docker Engine, Caddy and Netdata yourself as docs/provisioning.md describes");
        }
        return ProbeCheck.ok(OS, label, name);
    }

    ProbeCheck resources() {
        String arch = facts.get("arch");
        long memoryKb = number("mem.kb");
        String detail = arch + ", " + facts.get("cpus") + " CPU" + ("1".equals(facts.get("cpus")) ? "" : "s") + ", " + size(memoryKb) + " memory";
        if (!Set.of("x86_64", "aarch64").contains(arch)) {
            return ProbeCheck.warning(RESOURCES, "Architecture, CPUs, memory", detail,
                    "Images for " + arch + " are rare; build your services for it or use an amd64 or arm64 server");
        }
        if (memoryKb > 0 && memoryKb < LOW_MEMORY_KB) {
            return ProbeCheck.warning(RESOURCES, "Architecture, CPUs, memory", detail + " (less than 1 GiB)",
                    "Caddy, Netdata and your services share this memory; 1 GiB or more is recommended");
        }
        return ProbeCheck.ok(RESOURCES, "Architecture, CPUs, memory", detail);
    }

    ProbeCheck disk(String id, String label, String key, String path) {
        long free = number(key);
        if (free < 0) {
            return ProbeCheck.warning(id, label, "could not be measured on " + path, "Check the free space with df -h " + path);
        }
        String detail = size(free) + " free on " + path;
        if (free < LOW_DISK_KB) {
            return ProbeCheck.warning(id, label, detail + " (less than " + size(LOW_DISK_KB) + ")",
                    "Free some space on " + path + ": images, builds and logs need room");
        }
        return ProbeCheck.ok(id, label, detail);
    }

    ProbeCheck packageManager() {
        String label = "Package manager";
        // While apt runs, dpkg's state looks half done too: busy is checked first.
        List<String> busy = facts.dpkgBusy();
        if (!busy.isEmpty()) {
            return ProbeCheck.warning(PACKAGE_MANAGER, label, "apt or dpkg is busy: " + String.join(", ", busy),
                    "Wait for it to finish; Provision waits up to " + Apt.LOCK_TIMEOUT.toMinutes() + " minutes for the lock");
        }
        if (facts.dpkgInterrupted()) {
            String audit = facts.get("dpkg.audit");
            return ProbeCheck.failed(PACKAGE_MANAGER, label, "dpkg was interrupted" + (audit.isEmpty() ? "" : ": " + audit),
                    PROVISION + " again: it resumes with dpkg --configure -a");
        }
        return ProbeCheck.ok(PACKAGE_MANAGER, label, "dpkg is idle and consistent");
    }

    /**
     * What deploying needs beyond Docker and Caddy: git, to build git services on the node, and
     * the kernel handing queued connections from Caddy's old listening socket to the new one
     * when its config changes (net.ipv4.tcp_migrate_req, Linux 5.14+); without it a route
     * switch can reset a few connections.
     */
    ProbeCheck deployTools() {
        // Short, as the other labels: the probe's checklist gives the label column the width of the longest one.
        String label = "Deploy tools";
        String git = facts.get("git.version");
        String migrate = facts.get("migrate_req");
        if (migrate.equals("missing")) {
            return ProbeCheck.warning(DEPLOY_TOOLS, label, "the kernel is older than 5.14: a route switch during a deploy can reset a few connections",
                    "Use a kernel 5.14 or newer for deploys that drop no request");
        }
        if (!migrate.equals("1") || !facts.has("migrate_req.saved")) {
            return ProbeCheck.warning(DEPLOY_TOOLS, label, "net.ipv4.tcp_migrate_req is " + (migrate.equals("1") ? "on but not saved" : "off")
                    + ": a route switch during a deploy can reset a few connections", PROVISION + ": it turns it on and saves it");
        }
        if (git.isEmpty()) {
            return ProbeCheck.warning(DEPLOY_TOOLS, label, "git is not installed: git services cannot be built on this node",
                    PROVISION + ": it installs git");
        }
        if (!facts.has("busybox.static")) {
            return ProbeCheck.warning(DEPLOY_TOOLS, label, "no static busybox in /bin/busybox: on a cluster, replicas of an image"
                    + " without a shell cannot get secret variables, nor a health check without wget, curl or nc",
                    PROVISION + ": it installs busybox-static");
        }
        return ProbeCheck.ok(DEPLOY_TOOLS, label, git + "; a static busybox for a cluster's replicas; Caddy's reloads keep"
                + " queued connections");
    }

    /**
     * What backups need: Debian's age (a database's dump is encrypted with it) and cron (the schedule), and rclone,
     * which copies backups to S3. Whether cron runs and the backups' folder are Provision's to set up, not read here.
     */
    ProbeCheck backupTools() {
        String label = "Backup tools";
        List<String> missing = new ArrayList<>();
        if (!facts.has("has.age")) {
            missing.add("age");
        }
        if (!facts.has("has.crontab")) {
            missing.add("cron");
        }
        if (!missing.isEmpty()) {
            return ProbeCheck.warning(BACKUP_TOOLS, label, String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are")
                    + " not installed: backups cannot be made on this node", PROVISION + ": it installs age, cron and rclone");
        }
        String rclone = facts.get("rclone.version");
        if (rclone.isEmpty()) {
            return ProbeCheck.warning(BACKUP_TOOLS, label, "rclone is not installed: backups cannot be copied to S3 from this node",
                    PROVISION + ": it installs rclone");
        }
        return ProbeCheck.ok(BACKUP_TOOLS, label, "age and cron for backups; " + rclone + " for copies to S3");
    }

    ProbeCheck ports() {
        String label = "Ports 80 and 443";
        List<String> held = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (int port : new int[] {80, 443}) {
            if (!facts.listeners().listening(port)) {
                continue;
            }
            String owner = portOwner(port);
            if (owner == null && facts.all("caddy.listen").contains(Integer.toString(port))) {
                owner = "caddy"; // its admin API says it listens there
            }
            if (owner == null) {
                unknown.add(Integer.toString(port));
            } else if (!owner.equals("caddy")) {
                held.add(port + " (" + owner + ")");
            }
        }
        if (!held.isEmpty()) {
            return ProbeCheck.failed(PORTS, label, "held by another program: " + String.join(", ", held),
                    "Stop or move that program: Caddy needs ports 80 and 443 for HTTPS");
        }
        if (!unknown.isEmpty()) {
            String who = facts.running("caddy") ? "caddy runs, so most likely by caddy" : "caddy does not run";
            return ProbeCheck.warning(PORTS, label, "port " + String.join(" and ", unknown) + " in use; its owner is visible only to root (" + who + ")",
                    "Check with sudo ss -ltnp that caddy holds it");
        }
        return ProbeCheck.ok(PORTS, label, "free or held by Caddy");
    }

    /** The program listening on a port, from {@code ss -ltnp} run as root; null when unknown. */
    private String portOwner(int port) {
        for (String socket : facts.all("socket")) {
            String[] fields = socket.trim().split("\\s+");
            if (fields.length >= 4 && fields[3].endsWith(":" + port)) {
                int users = socket.indexOf("((\"");
                if (users >= 0) {
                    int end = socket.indexOf('"', users + 3);
                    return socket.substring(users + 3, end).toLowerCase(Locale.ROOT);
                }
            }
        }
        return null;
    }

    ProbeCheck privileges(List<ProbeCheck> others) {
        String label = "Root or passwordless sudo";
        String sudo = facts.sudo();
        if (sudo.equals("root")) {
            return ProbeCheck.ok(PRIVILEGES, label, "connected as root");
        }
        if (sudo.equals("passwordless")) {
            return ProbeCheck.ok(PRIVILEGES, label, facts.user() + " has passwordless sudo");
        }
        String why = sudo.equals("missing") ? "sudo is not installed" : "sudo asks " + facts.user() + " for a password";
        List<String> work = others.stream().filter(c -> !c.ok() && NEED_ROOT_TO_FIX.contains(c.id())).map(ProbeCheck::id).toList();
        if (work.isEmpty()) {
            return ProbeCheck.ok(PRIVILEGES, label, "not needed now: nothing to install or change (" + why + ")");
        }
        return ProbeCheck.failed(PRIVILEGES, label, why + ", and provisioning needs root for: " + String.join(", ", work),
                "Connect as root, or give " + facts.user() + " passwordless sudo (a file in /etc/sudoers.d with '" + facts.user()
                        + " ALL=(ALL) NOPASSWD:ALL')");
    }

    private long number(String key) {
        try {
            return Long.parseLong(facts.get(key));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String size(long kb) {
        if (kb < 0) {
            return "?";
        }
        double gib = kb / (1024.0 * 1024);
        return gib >= 1 ? String.format(Locale.ROOT, "%.1f GiB", gib) : (kb / 1024) + " MiB";
    }
}
