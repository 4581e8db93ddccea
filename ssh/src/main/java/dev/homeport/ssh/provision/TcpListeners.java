package dev.homeport.ssh.provision;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The TCP ports a node listens on, read from {@code /proc/net/tcp} and
 * {@code tcp6} (which every user may read, unlike the owners that {@code ss -p}
 * shows only to root).
 */
public record TcpListeners(List<Listener> listeners) {
    /** One listening socket: its address as text ("127.0.0.1", "0:0:0:0:0:0:0:0", "0.0.0.0"), port, and whether it is loopback. */
    public record Listener(String address, int port, boolean loopback) {

        @Override
        public String toString() {
            return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        }
    }

    /** Parses the {@code local_address} column, such as {@code 0100007F:07E3} or a 32-digit IPv6 one. */
    static TcpListeners parse(List<String> localAddresses) {
        List<Listener> found = new ArrayList<>();
        for (String entry : localAddresses) {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String hex = entry.substring(0, colon);
            int port = Integer.parseInt(entry.substring(colon + 1), 16);
            java.net.InetAddress address = hex.length() == 8 ? ipv4(hex) : hex.length() == 32 ? ipv6(hex) : null;
            if (address != null) {
                Listener listener = new Listener(address.getHostAddress(), port, address.isLoopbackAddress());
                if (!found.contains(listener)) {
                    found.add(listener);
                }
            }
        }
        return new TcpListeners(List.copyOf(found));
    }

    public List<Listener> on(int port) {
        return listeners.stream().filter(l -> l.port() == port).toList();
    }

    public boolean listening(int port) {
        return !on(port).isEmpty();
    }

    /** Something listens on the port, and only on loopback addresses. */
    public boolean loopbackOnly(int port) {
        return listening(port) && on(port).stream().allMatch(Listener::loopback);
    }

    public String describe(int port) {
        return on(port).stream().map(Listener::toString).collect(Collectors.joining(", "));
    }

    // The kernel prints each 32-bit word in host byte order (little-endian on the machines Homeport supports).
    private static java.net.InetAddress ipv4(String hex) {
        return address(littleEndianWords(hex));
    }

    /** An IPv4-mapped IPv6 address comes back as the IPv4 address it maps. */
    private static java.net.InetAddress ipv6(String hex) {
        return address(littleEndianWords(hex));
    }

    private static byte[] littleEndianWords(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            long value = Long.parseLong(hex.substring(word * 8, word * 8 + 8), 16);
            for (int b = 0; b < 4; b++) {
                bytes[word * 4 + b] = (byte) (value >> (8 * b));
            }
        }
        return bytes;
    }

    private static java.net.InetAddress address(byte[] bytes) {
        try {
            return java.net.InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
