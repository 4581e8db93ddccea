package dev.homeport.ssh.provision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the probe script saw on a node, as {@code key=value} lines (a key may
 * repeat), plus what the HTTP checks through SSH forwards found.
 */
public final class NodeFacts {
    private final Map<String, List<String>> values;
    private final TcpListeners listeners;

    NodeFacts(Map<String, List<String>> values) {
        this.values = values;
        this.listeners = TcpListeners.parse(all("listen"));
    }

    /** Reads the script's output; lines that are not {@code key=value} are ignored. */
    static NodeFacts parse(String output) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.computeIfAbsent(line.substring(0, equals), k -> new ArrayList<>()).add(line.substring(equals + 1).strip());
            }
        }
        return new NodeFacts(values);
    }

    /** The first value of a key, or "" when the probe did not report it. */
    public String get(String key) {
        List<String> found = values.get(key);
        return found == null || found.isEmpty() ? "" : found.getFirst();
    }

    public List<String> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    /** Every key the probe reported, with its values in the order seen; for output such as the CLI's JSON. */
    public Map<String, List<String>> asMap() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((key, found) -> copy.put(key, List.copyOf(found)));
        return java.util.Collections.unmodifiableMap(copy);
    }

    public boolean has(String key) {
        return !get(key).isEmpty();
    }

    void put(String key, String value) {
        values.put(key, new ArrayList<>(List.of(value)));
    }

    /** Adds one more value for {@code key}, after those already seen. */
    void add(String key, String value) {
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    public TcpListeners listeners() {
        return listeners;
    }

    public String user() {
        return get("user");
    }

    /** "root", "passwordless", "password" (sudo asks one) or "missing". */
    public String sudo() {
        return get("sudo");
    }

    public boolean privileged() {
        return sudo().equals("root") || sudo().equals("passwordless");
    }

    public boolean root() {
        return sudo().equals("root");
    }

    public boolean systemd() {
        return get("init").equals("systemd");
    }

    /** A dpkg package that is fully installed, with its version; "" when it is not. */
    public String installedVersion(String pkg) {
        String status = get("pkg." + pkg);
        int bar = status.indexOf('|');
        return bar > 0 && status.substring(0, bar).equals("install ok installed") ? status.substring(bar + 1) : "";
    }

    public boolean dockerReachable() {
        return get("docker.rc").equals("0");
    }

    public String dockerVersion() {
        return dockerReachable() ? get("docker.out") : "";
    }

    public boolean inAccountGroup(String group) {
        return Set.of(get("groups.account").split(" ")).contains(group);
    }

    public boolean inSessionGroup(String group) {
        return Set.of(get("groups.session").split(" ")).contains(group);
    }

    public boolean running(String process) {
        return all("process").contains(process);
    }

    /** The answer of an HTTP check made through a forward: "ok", or why not. */
    public String http(String service) {
        return get("http." + service);
    }

    public boolean dpkgInterrupted() {
        return get("dpkg.interrupted").equals("yes") || has("dpkg.audit");
    }

    /** Who holds the dpkg lock or runs apt/dpkg right now; empty when nobody. */
    public List<String> dpkgBusy() {
        List<String> busy = new ArrayList<>(all("dpkg.running"));
        all("dpkg.locked").forEach(lock -> busy.add("a process holds " + lock));
        return busy;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
