package dev.homeport.ssh.nodes;

import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.netdata.NetdataClient;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.Prompts;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API clients of each node, kept with its shared SSH connection: its Docker Engine
 * (docker-java over dial-stdio channels) and its Netdata (over a local forward). Pages
 * and commands ask here instead of making their own, so a node has one pool of Docker
 * channels and one Netdata forward however many views are open. A client made for a
 * connection that has since been replaced (the node was edited or disconnected) is
 * closed and made again. A client keeps the prompts of the caller that made it, for the
 * logins it needs later (the desktop's pages and health check all pass none).
 */
public final class NodeClients implements AutoCloseable {
    private final NodeService nodes;
    private final Map<String, Clients> byNode = new ConcurrentHashMap<>();

    public NodeClients(NodeService nodes) {
        this.nodes = nodes;
    }

    /** The node's Docker Engine; connects on first use (blocking). */
    public NodeDocker docker(WorkerNode node, Prompts prompts) {
        return clients(node, prompts).docker();
    }

    /** The Docker Engine behind an open node connection, shared with everything else that uses that node. */
    public NodeDocker docker(NodeConnection connection) {
        return clients(connection).docker();
    }

    /** The node's Netdata; its forward opens on the first request (blocking). */
    public NetdataClient netdata(WorkerNode node, Prompts prompts) {
        return clients(node, prompts).netdata();
    }

    /** Closes a node's clients, as when it is removed; its SSH connection is the node service's to close. */
    public void forget(String nodeName) {
        Clients gone = byNode.remove(nodeName);
        if (gone != null) {
            gone.close();
        }
    }

    private Clients clients(WorkerNode node, Prompts prompts) {
        return clients(nodes.connection(node, prompts));
    }

    private Clients clients(NodeConnection connection) {
        return byNode.compute(connection.target().name(), (name, existing) -> {
            if (existing != null && existing.connection().sameConnection(connection)) {
                return existing;
            }
            if (existing != null) {
                existing.close();
            }
            return new Clients(connection);
        });
    }

    @Override
    public void close() {
        byNode.values().forEach(Clients::close);
        byNode.clear();
    }

    /** Made lazily: a page that shows only metrics never opens a Docker channel. */
    private static final class Clients implements AutoCloseable {
        private final NodeConnection connection;
        private NodeDocker docker;
        private NetdataClient netdata;

        Clients(NodeConnection connection) {
            this.connection = connection;
        }

        NodeConnection connection() {
            return connection;
        }

        synchronized NodeDocker docker() {
            if (docker == null) {
                docker = new NodeDocker(connection);
            }
            return docker;
        }

        synchronized NetdataClient netdata() {
            if (netdata == null) {
                netdata = NetdataClient.of(connection);
            }
            return netdata;
        }

        @Override
        public synchronized void close() {
            if (docker != null) {
                docker.close();
            }
            if (netdata != null) {
                netdata.close();
            }
        }
    }
}
