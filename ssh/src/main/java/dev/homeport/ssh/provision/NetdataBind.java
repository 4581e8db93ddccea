package dev.homeport.ssh.provision;

import dev.homeport.ssh.transport.Command;
import java.util.List;

/**
 * Netdata's listening addresses in /etc/netdata/netdata.conf: {@code bind to}
 * in [web], or Debian's older {@code bind socket to IP} in [global].
 */
final class NetdataBind {
    static final String CONFIG = "/etc/netdata/netdata.conf";
    /** Removes every bind setting and adds one for 127.0.0.1 (netdata merges a repeated [web] section); the first original is kept aside. */
    private static final String BIND_TO_LOOPBACK = """
            f=$1
            [ -e "$f.before-homeport" ] || cp -p "$f" "$f.before-homeport"
            sed -i -E '/^[[:space:]]*(bind to|bind socket to IP)[[:space:]]*=/d' "$f"
            printf '\\n# Added by Homeport: Netdata answers on this host only; Homeport reads it through SSH.\\n[web]\\n\\tbind to = 127.0.0.1\\n' >> "$f"
            """;

    private NetdataBind() {
    }

    static Command.Simple bindToLoopback() {
        return Command.script(BIND_TO_LOOPBACK, CONFIG);
    }

    /**
     * Whether the config keeps netdata on loopback: it exists and has bind lines, each naming
     * only loopback addresses (or Unix sockets). No bind line means netdata's default, every address.
     */
    static boolean loopbackOnly(List<String> bindLines) {
        if (bindLines.isEmpty()) {
            return false;
        }
        for (String line : bindLines) {
            String value = line.substring(line.indexOf('=') + 1).strip();
            for (String entry : value.split("\\s+")) {
                if (!loopback(entry)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** One entry such as {@code 127.0.0.1}, {@code localhost:19999}, {@code [::1]:19999=dashboard} or {@code unix:/run/netdata.sock}. */
    static boolean loopback(String entry) {
        String address = entry.contains("=") ? entry.substring(0, entry.indexOf('=')) : entry;
        if (address.startsWith("unix:")) {
            return true;
        }
        String host;
        if (address.startsWith("[")) {
            host = address.substring(1, Math.max(1, address.indexOf(']')));
        } else {
            int colon = address.indexOf(':');
            host = colon < 0 || address.indexOf(':', colon + 1) >= 0 ? address : address.substring(0, colon);
        }
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }
}
