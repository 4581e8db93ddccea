package dev.homeport.ssh.swarm;

import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.NodeConnection;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address a node gives the other members of its cluster. Swarm needs one it can be
 * reached at by them, and cannot always guess it (a node with several addresses, or behind
 * NAT, times out joining without one). Homeport's guess, which the user can override:
 * <ul>
 *   <li>the first manager: the address Homeport's own SSH connection arrived at, from
 *       {@code $SSH_CONNECTION} — the node's address on the network Homeport reaches it by
 *       (a cloud machine's private address behind its NAT, a VPN address over a VPN);</li>
 *   <li>a joining node: the source address the kernel would use to reach the manager
 *       ({@code ip route get}), so the two talk over the network they share.</li>
 * </ul>
 */
final class AdvertiseAddress {
    private static final Pattern ROUTE_SOURCE = Pattern.compile("\\bsrc\\s+(\\S+)");

    private AdvertiseAddress() {
    }

    /** The address this SSH session reached the node at. */
    static String ofSession(NodeConnection node) {
        ExecResult result = node.exec(Command.script("printf '%s' \"$SSH_CONNECTION\""));
        String[] fields = result.out().strip().split("\\s+");
        if (!result.ok() || fields.length < 4) {
            throw new ClusterException("Cannot tell which address " + node.target().name() + " was reached at (SSH_CONNECTION is '"
                    + result.out().strip() + "'). Give its address with --advertise-address.");
        }
        return literal(fields[2], node);
    }

    /** The node's own address on the way to {@code peer}; the session's address when the node has no {@code ip} command. */
    static String towards(NodeConnection node, String peer) {
        ExecResult result = node.exec(Command.of("ip", "-o", "route", "get", peer));
        Matcher source = ROUTE_SOURCE.matcher(result.out());
        if (result.ok() && source.find()) {
            return literal(source.group(1), node);
        }
        return ofSession(node);
    }

    /** host:port, with an IPv6 address in brackets as Docker expects. */
    static String withPort(String address, int port) {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    /** Only an IP address is accepted: the text came from the node. */
    private static String literal(String text, NodeConnection node) {
        if (!text.matches("[0-9a-fA-F.:]+")) {
            throw new ClusterException(node.target().name() + " reported '" + text + "' as its address, which is no IP address."
                    + " Give its address with --advertise-address.");
        }
        try {
            return InetAddress.getByName(text).getHostAddress();
        } catch (UnknownHostException e) {
            throw new ClusterException(node.target().name() + " reported '" + text + "' as its address, which is no IP address.", e);
        }
    }
}
