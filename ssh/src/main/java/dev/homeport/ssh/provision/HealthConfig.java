package dev.homeport.ssh.provision;

/** Reads the {@code [health] enabled} setting from the configuration a running Netdata serves at /netdata.conf. */
final class HealthConfig {
    private HealthConfig() {
    }

    /** False only when the [health] section sets {@code enabled = no} (a commented default line is the default, yes). */
    static boolean enabled(String config) {
        boolean inHealth = false;
        for (String raw : config.lines().toList()) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                inHealth = line.equals("[health]");
            } else if (inHealth && !line.startsWith("#")) {
                int equals = line.indexOf('=');
                if (equals > 0 && line.substring(0, equals).strip().equals("enabled")) {
                    String value = line.substring(equals + 1).strip();
                    return !(value.equals("no") || value.equals("false") || value.equals("0"));
                }
            }
        }
        return true;
    }
}
