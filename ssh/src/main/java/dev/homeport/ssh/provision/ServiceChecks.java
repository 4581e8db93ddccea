package dev.homeport.ssh.provision;

import java.util.List;
import java.util.Locale;

/** The probe's checks of the services provisioning sets up: Docker Engine and access, Caddy, Netdata. */
final class ServiceChecks {
    private final NodeFacts facts;

    ServiceChecks(NodeFacts facts) {
        this.facts = facts;
    }

    ProbeCheck docker() {
        String label = "Docker Engine";
        if (facts.dockerReachable()) {
            return ProbeCheck.ok(ProbeChecks.DOCKER, label, "Docker Engine " + facts.dockerVersion());
        }
        if (facts.get("docker.as_root").equals("ok")) {
            return ProbeCheck.ok(ProbeChecks.DOCKER, label, "Docker Engine runs (seen as root)");
        }
        String rc = facts.get("docker.rc");
        if (rc.equals("missing") || rc.isEmpty()) {
            return ProbeCheck.failed(ProbeChecks.DOCKER, label, "not installed", ProbeChecks.PROVISION + ": it installs Docker Engine");
        }
        String out = facts.get("docker.out");
        if (permissionDenied(out)) {
            return ProbeCheck.warning(ProbeChecks.DOCKER, label, "installed; this user may not reach it, and without sudo its daemon could not be checked",
                    "See the Docker access check");
        }
        return ProbeCheck.failed(ProbeChecks.DOCKER, label, "installed, but its daemon does not answer: " + out,
                facts.systemd() ? "Start it (sudo systemctl start docker), or " + ProbeChecks.PROVISION : "Start dockerd; this host has no systemd to do it");
    }

    ProbeCheck dockerAccess() {
        String label = "Docker access for " + facts.user();
        if (facts.dockerReachable()) {
            return ProbeCheck.ok(ProbeChecks.DOCKER_ACCESS, label, facts.user() + " can use Docker" + (facts.root() ? " (root)" : ""));
        }
        if (!permissionDenied(facts.get("docker.out"))) {
            return ProbeCheck.warning(ProbeChecks.DOCKER_ACCESS, label, "not checked: Docker Engine is not installed or not running", ProbeChecks.PROVISION);
        }
        if (facts.inAccountGroup("docker") && !facts.inSessionGroup("docker")) {
            return ProbeCheck.warning(ProbeChecks.DOCKER_ACCESS, label, facts.user() + " is in the docker group, but this SSH session started before that",
                    "Reconnect: group membership applies to new SSH sessions");
        }
        return ProbeCheck.failed(ProbeChecks.DOCKER_ACCESS, label, "permission denied on Docker's socket",
                "Add " + facts.user() + " to the docker group (Provision does it)");
    }

    ProbeCheck dockerNetwork() {
        String label = "Docker network homeport";
        return switch (facts.get("docker.network")) {
            case "yes" -> ProbeCheck.ok(ProbeChecks.DOCKER_NETWORK, label, "exists");
            case "no" -> ProbeCheck.failed(ProbeChecks.DOCKER_NETWORK, label, "missing", ProbeChecks.PROVISION + ": it creates the network");
            default -> ProbeCheck.warning(ProbeChecks.DOCKER_NETWORK, label, "not checked: this user cannot reach Docker", "Fix Docker access first");
        };
    }

    ProbeCheck caddy() {
        String label = "Caddy";
        String version = caddyVersion(facts);
        if (version.isEmpty()) {
            return ProbeCheck.failed(ProbeChecks.CADDY, label, "not installed", ProbeChecks.PROVISION + ": it installs caddy from the distribution's packages");
        }
        return ProbeCheck.ok(ProbeChecks.CADDY, label, "Caddy " + version);
    }

    static String caddyVersion(NodeFacts facts) {
        String binary = facts.get("caddy.version");
        String version = binary.isEmpty() ? facts.installedVersion("caddy") : binary.split(" ")[0];
        return version.startsWith("v") ? version.substring(1) : version;
    }

    ProbeCheck caddyAdmin() {
        String label = "Caddy admin API";
        TcpListeners listeners = facts.listeners();
        if (!listeners.listening(ProbeChecks.CADDY_ADMIN_PORT)) {
            return ProbeCheck.failed(ProbeChecks.CADDY_ADMIN, label, "nothing answers on 127.0.0.1:" + ProbeChecks.CADDY_ADMIN_PORT, ProbeChecks.PROVISION + ": it starts caddy");
        }
        if (!listeners.loopbackOnly(ProbeChecks.CADDY_ADMIN_PORT)) {
            return ProbeCheck.failed(ProbeChecks.CADDY_ADMIN, label, "listens on " + listeners.describe(ProbeChecks.CADDY_ADMIN_PORT) + ", reachable from the network",
                    "Set the global option 'admin 127.0.0.1:2019' in /etc/caddy/Caddyfile and restart caddy");
        }
        if (!facts.http("caddy").equals("ok")) {
            return ProbeCheck.failed(ProbeChecks.CADDY_ADMIN, label, "port " + ProbeChecks.CADDY_ADMIN_PORT + " is open but the admin API did not answer: " + facts.http("caddy"),
                    "Check what listens on 127.0.0.1:2019 (caddy's log: journalctl -u caddy)");
        }
        String persistence = caddyPersistence(facts);
        if (persistence != null) {
            return ProbeCheck.warning(ProbeChecks.CADDY_ADMIN, label, "answers on 127.0.0.1:" + ProbeChecks.CADDY_ADMIN_PORT + ", but " + persistence,
                    ProbeChecks.PROVISION + ": it makes caddy resume its last config");
        }
        return ProbeCheck.ok(ProbeChecks.CADDY_ADMIN, label, "answers on 127.0.0.1:" + ProbeChecks.CADDY_ADMIN_PORT + " only; config kept across restarts"
                + (facts.systemd() ? "" : " (no systemd: caddy was started by hand and will not come back after a reboot)"));
    }

    /** Why routes set through the admin API would be lost on a restart, or null when they are kept. */
    static String caddyPersistence(NodeFacts facts) {
        if (facts.systemd()) {
            return facts.get("caddy.dropin").equals("yes") ? null : "caddy.service runs without --resume, so routes are lost on restart";
        }
        List<String> processes = facts.all("caddy.process");
        if (processes.isEmpty() || processes.stream().allMatch(p -> p.contains("--resume"))) {
            return null;
        }
        return "caddy runs without --resume, so routes are lost on restart";
    }

    ProbeCheck netdata() {
        String label = "Netdata";
        String version = netdataVersion(facts);
        if (version.isEmpty()) {
            return ProbeCheck.failed(ProbeChecks.NETDATA, label, "not installed", ProbeChecks.PROVISION + ": it installs netdata from the distribution's packages");
        }
        return ProbeCheck.ok(ProbeChecks.NETDATA, label, "Netdata " + version);
    }

    static String netdataVersion(NodeFacts facts) {
        String binary = facts.get("netdata.version");
        String version = binary.isEmpty() ? facts.installedVersion("netdata") : binary.replaceFirst("^netdata\\s+", "");
        return version.startsWith("v") ? version.substring(1) : version;
    }

    ProbeCheck netdataApi() {
        String label = "Netdata API";
        TcpListeners listeners = facts.listeners();
        if (!listeners.listening(ProbeChecks.NETDATA_PORT)) {
            return ProbeCheck.failed(ProbeChecks.NETDATA_API, label, "nothing answers on 127.0.0.1:" + ProbeChecks.NETDATA_PORT, ProbeChecks.PROVISION + ": it starts netdata");
        }
        if (!listeners.loopbackOnly(ProbeChecks.NETDATA_PORT)) {
            return ProbeCheck.failed(ProbeChecks.NETDATA_API, label, "listens on " + listeners.describe(ProbeChecks.NETDATA_PORT) + ", open to the network",
                    ProbeChecks.PROVISION + ": it binds netdata to 127.0.0.1");
        }
        if (!facts.http("netdata").equals("ok")) {
            return ProbeCheck.failed(ProbeChecks.NETDATA_API, label, "port " + ProbeChecks.NETDATA_PORT + " is open but Netdata's API did not answer: " + facts.http("netdata"),
                    "Check netdata's log in /var/log/netdata");
        }
        return ProbeCheck.ok(ProbeChecks.NETDATA_API, label, "answers on 127.0.0.1:" + ProbeChecks.NETDATA_PORT + " only");
    }

    static boolean permissionDenied(String dockerOutput) {
        return dockerOutput.toLowerCase(Locale.ROOT).contains("permission denied");
    }
}
