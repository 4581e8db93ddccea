package dev.homeport.ssh.nodes;

import dev.homeport.model.NodeIdentity;
import dev.homeport.model.SshIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.Credentials;
import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.KeyLoader;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.transport.SshTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Worker Nodes as the UI and the CLI use them: add, test, trust a host key,
 * list with their connection state, remove. A node's credentials are
 * resolved here from the store and the vault, and decrypted only in memory.
 */
public final class NodeService {
    private final NodeInventory nodes;
    private final KeyInventory keys;
    private final NodeConnections connections;

    public NodeService(NodeInventory nodes, KeyInventory keys, NodeConnections connections) {
        this.nodes = nodes;
        this.keys = keys;
        this.connections = connections;
    }

    /** A node and whether Homeport holds an open connection to it right now. */
    public record NodeStatus(WorkerNode node, boolean connected) {
    }

    /** What a successful connection test found, including the host key the node presented. */
    public record ConnectionReport(String user, String system, Duration roundTrip, String hostKey) {
    }

    public List<NodeStatus> statuses() {
        return nodes.nodes().stream().map(n -> new NodeStatus(n, connections.isConnected(n.name()))).toList();
    }

    /** The node of that name; NotFoundException when there is none. */
    public WorkerNode node(String name) {
        return nodes.node(name);
    }

    /** The node of that id; NotFoundException when there is none. */
    public WorkerNode node(long id) {
        return nodes.node(id);
    }

    public WorkerNode add(WorkerNode draft) {
        return nodes.add(draft);
    }

    /**
     * Connects (or reuses the connection) and asks who and what the node is. It works on
     * a node not saved yet, so a new node can be tried before it is added. Throws
     * {@link HostKeyException} when the node's key needs the user's decision, and
     * {@code NodeException} for anything else that went wrong, both with the reason.
     */
    public ConnectionReport test(WorkerNode node, Prompts prompts) {
        long start = System.nanoTime();
        NodeConnection connection = connection(node, prompts);
        ExecResult result = connection.exec(Command.script("id -un; uname -srm"), Duration.ofSeconds(20), null)
                .orThrow("The connection test");
        String[] lines = result.out().strip().split("\n", 2);
        return new ConnectionReport(lines[0], lines.length > 1 ? lines[1] : "", Duration.ofNanos(System.nanoTime() - start),
                connection.serverKey());
    }

    /**
     * Tests a saved node, as {@link #test}, and pins the host key it presented when the store holds
     * none for the node yet (it was added without a test). That key passed the check against Homeport's
     * known_hosts, or the test would have stopped with a {@link HostKeyException}. The store, not the
     * caller's copy of the node, says whether a key is pinned, so a pinned key is never replaced here:
     * only {@link #replaceHostKey} does that, on the user's request.
     */
    public ConnectionReport testAndPin(WorkerNode node, Prompts prompts) {
        ConnectionReport report = test(node, prompts);
        if (report.hostKey() != null && nodes.node(node.id()).hostKey() == null) {
            nodes.pinHostKey(node.id(), report.hostKey());
        }
        return report;
    }

    /** Trusts an unknown host key the user was shown and accepted, by writing it to Homeport's known_hosts. */
    public void trustHostKey(HostKeyException shown) {
        if (shown.reason() != HostKeyException.Reason.UNKNOWN) {
            throw new IllegalArgumentException("Only an unknown host key can be accepted; a changed one must be replaced on purpose.");
        }
        connections.hostKeys().accept(shown.host(), shown.port(), shown.presented().openSsh());
    }

    /** Trusts the unknown key the user was shown for a saved node, and pins it on the node. */
    public WorkerNode acceptHostKey(WorkerNode node, HostKeyException shown) {
        trustHostKey(shown);
        return nodes.pinHostKey(node.id(), shown.presented().openSsh());
    }

    /** Replaces a changed host key: only on the user's explicit request, after seeing both fingerprints. */
    public WorkerNode replaceHostKey(WorkerNode node, HostKeyException shown) {
        connections.hostKeys().replace(shown.host(), shown.port(), shown.presented().openSsh());
        connections.disconnect(node.name());
        return nodes.pinHostKey(node.id(), shown.presented().openSsh());
    }

    public void remove(WorkerNode node) {
        connections.disconnect(node.name());
        nodes.remove(node.id());
    }

    /** Changes how a node is reached; the open connection, made the old way, is closed. */
    public WorkerNode update(WorkerNode changed) {
        WorkerNode updated = nodes.update(changed);
        connections.disconnect(updated.name());
        return updated;
    }

    public NodeConnection connection(WorkerNode node, Prompts prompts) {
        if (node.hostKey() != null) {
            // The key the user accepted for this node, maybe on another machine before an import.
            connections.hostKeys().pin(node.host(), node.port(), node.hostKey());
        }
        return connections.to(target(node), prompts);
    }

    /** Closes the open connection to a node, such as one made with credentials the user has since changed. */
    public void disconnect(WorkerNode node) {
        connections.disconnect(node.name());
    }

    /** How to reach a node: its address, and its credentials decrypted in memory. */
    public SshTarget target(WorkerNode node) {
        Credentials credentials = switch (node.identity()) {
            case NodeIdentity.KeyFile file -> new Credentials.KeyFile(expandHome(file.path()));
            case NodeIdentity.StoredKey stored -> {
                SshIdentity identity = keys.identity(stored.identityId());
                yield new Credentials.Keys(identity.name(), KeyLoader.fromText(identity.name(), keys.privateKey(identity), Prompts.NONE));
            }
            case NodeIdentity.Agent agent -> new Credentials.Agent();
            case NodeIdentity.SshConfig config -> new Credentials.SshConfig();
            case NodeIdentity.Password password -> new Credentials.Password(nodes.password(password));
        };
        return new SshTarget(node.name(), node.host(), node.port(), node.user(), credentials);
    }

    static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }
}
