package dev.homeport.ssh.provision;

import dev.homeport.model.NodeEvent;
import dev.homeport.model.NodeEventKind;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.NodeHistory;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.NodeException;
import dev.homeport.ssh.transport.Prompts;

/**
 * Probe and provision for saved Worker Nodes, as the UI and the CLI call
 * them. Every probe and every provisioning run (also one that fails) is
 * recorded in the node's history.
 */
public final class NodeSetupService {
    private final NodeService nodes;
    private final NodeConnections connections;
    private final NodeHistory history;

    public NodeSetupService(NodeService nodes, NodeConnections connections, NodeHistory history) {
        this.nodes = nodes;
        this.connections = connections;
        this.history = history;
    }

    public ProbeReport probe(WorkerNode node, Prompts prompts) {
        ProbeReport report = new NodeProbe(nodes.connection(node, prompts)).probe();
        history.record(node.id(), NodeEventKind.PROBE, oneLine("probe: " + report.summary()), report.detail());
        return report;
    }

    /** A provisioner for the node; {@link #provision} runs it and records the outcome. Keep it to cancel the run. */
    public Provisioner provisioner(WorkerNode node, Prompts prompts, ProvisionOptions options) {
        nodes.connection(node, prompts); // pins the node's accepted host key
        return new Provisioner(connections, nodes.target(node), prompts, options);
    }

    /** Runs the provisioner; throws {@link ProvisionException}, or {@code NodeException} when the node cannot be reached at all. */
    public ProvisionResult provision(WorkerNode node, Provisioner provisioner, ProvisionListener listener) {
        try {
            ProvisionResult result = provisioner.run(listener);
            history.record(node.id(), NodeEventKind.PROVISION, oneLine(result.summary()), result.detail());
            return result;
        } catch (ProvisionException e) {
            history.record(node.id(), NodeEventKind.PROVISION, "failed at step " + e.step() + " (" + e.reason() + ")", e.detail());
            throw e;
        } catch (NodeException e) {
            history.record(node.id(), NodeEventKind.PROVISION, oneLine("failed: " + e.kind()), e.getMessage());
            throw e;
        }
    }

    private static String oneLine(String summary) {
        return summary.length() <= NodeEvent.MAX_SUMMARY ? summary : summary.substring(0, NodeEvent.MAX_SUMMARY - 1) + "…";
    }
}
