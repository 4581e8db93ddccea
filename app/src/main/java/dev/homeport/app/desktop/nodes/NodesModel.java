package dev.homeport.app.desktop.nodes;

import dev.homeport.app.desktop.MainModel;
import dev.homeport.model.SshIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The Worker Nodes page's state: the nodes as last read, each with its
 * connection state, and the commands the page offers. Every store and SSH
 * call runs through {@code Tasks}; results are applied on the FX thread.
 */
public final class NodesModel {
    /** Whether the list has been read: still reading, read, or the read failed (with the message). */
    public sealed interface Loading {
        record Reading() implements Loading {
        }

        record Read() implements Loading {
        }

        record Failed(String message) implements Loading {
        }
    }

    private final MainModel main;
    private final ObservableList<NodeItem> items = FXCollections.observableArrayList();
    private final ObservableList<NodeItem> itemsView = FXCollections.unmodifiableObservableList(items);
    private final ReadOnlyObjectWrapper<Loading> loading = new ReadOnlyObjectWrapper<>(new Loading.Reading());

    public NodesModel(MainModel main) {
        this.main = main;
    }

    public ObservableList<NodeItem> items() {
        return itemsView;
    }

    public ReadOnlyObjectProperty<Loading> loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    MainModel main() {
        return main;
    }

    /** Reads the nodes, their connection flags, environments and identities again. */
    public void load() {
        main.tasks().run("Reading worker nodes", this::read)
                .onSuccess(this::apply)
                .onFailure(failure -> loading.set(new Loading.Failed(NodeMessages.of(failure))))
                .start();
    }

    private List<NodeFacts> read() {
        NodeService service = main.homeport().nodeService();
        Map<Long, String> identityNames = main.homeport().keys().identities().stream()
                .collect(Collectors.toMap(SshIdentity::id, SshIdentity::name));
        return service.statuses().stream()
                .map(status -> NodeFacts.of(status.node(), status.connected(),
                        main.homeport().nodes().environmentsOf(status.node().id()), identityNames))
                .toList();
    }

    /** Keeps the items (and the result of a test the user ran) of nodes that are still there. */
    private void apply(List<NodeFacts> read) {
        Map<Long, NodeItem> known = new HashMap<>();
        items.forEach(item -> known.put(item.id(), item));
        List<NodeItem> now = read.stream().map(facts -> {
            NodeItem item = known.get(facts.node().id());
            if (item == null) {
                return new NodeItem(facts);
            }
            item.setFacts(facts);
            NodeState state = item.state();
            if (facts.connected() && !(state instanceof NodeState.Connected) && !(state instanceof NodeState.Testing)) {
                item.setState(new NodeState.Connected(null));
            } else if (!facts.connected() && state instanceof NodeState.Connected) {
                item.setState(new NodeState.NotConnected());
            }
            return item;
        }).toList();
        items.setAll(now);
        loading.set(new Loading.Read());
        main.nodeHealth().sync(read.stream().map(NodeFacts::node).toList());
        main.crashAlerts().sync(read.stream().map(NodeFacts::node).toList());
    }

    /**
     * Connects to the node (or uses the open connection) and asks who and what it is.
     * Nothing happens when a test of the node already runs.
     */
    public void test(NodeItem item, Prompts prompts) {
        NodeState before = item.startTest();
        if (before == null) {
            return;
        }
        WorkerNode node = item.facts().node();
        Task<?>[] started = new Task<?>[1];
        started[0] = main.tasks().run("Testing the connection to " + node.name(),
                        () -> main.homeport().nodeService().testAndPin(node, prompts))
                .onSuccess(report -> {
                    item.setState(new NodeState.Connected(report));
                    if (node.hostKey() == null) {
                        // The test may have pinned the key it found: read it, so the card shows it.
                        load();
                    }
                })
                .onFailure(failure -> item.setState(failure instanceof HostKeyException hostKey
                        ? new NodeState.HostKeyProblem(hostKey) : NodeState.Failed.of(failure)))
                .andFinally(() -> {
                    item.setRunningTest(null);
                    if (started[0].isCancelled()) {
                        item.setState(before);
                    }
                })
                .start();
        item.setRunningTest(started[0]);
    }

    /** Stops a running test; the node goes back to the state it had before. */
    public void cancelTest(NodeItem item) {
        if (item.runningTest() != null) {
            item.runningTest().cancel();
        }
    }

    /** Trusts an unknown key the user checked and accepted, pins it on the node, and tests again. */
    public void trust(NodeItem item, HostKeyException shown, Prompts prompts) {
        WorkerNode node = item.facts().node();
        main.tasks().run("Trusting the host key of " + node.name(), () -> main.homeport().nodeService().acceptHostKey(node, shown))
                .onSuccess(pinned -> afterPinning(item, pinned, prompts))
                .onFailure(failure -> item.setState(NodeState.Failed.of(failure)))
                .start();
    }

    /** Replaces a changed key, only after the user saw both fingerprints and confirmed; then tests again. */
    public void replaceHostKey(NodeItem item, HostKeyException shown, Prompts prompts) {
        WorkerNode node = item.facts().node();
        main.tasks().run("Replacing the host key of " + node.name(), () -> main.homeport().nodeService().replaceHostKey(node, shown))
                .onSuccess(pinned -> afterPinning(item, pinned, prompts))
                .onFailure(failure -> item.setState(NodeState.Failed.of(failure)))
                .start();
    }

    private void afterPinning(NodeItem item, WorkerNode pinned, Prompts prompts) {
        item.setFacts(new NodeFacts(pinned, item.facts().connected(), item.facts().environments(), item.facts().identity(),
                NodeFacts.fingerprintOrNull(pinned.hostKey())));
        item.setState(new NodeState.NotConnected());
        test(item, prompts);
    }

    /** Forgets the node and closes its connection; nothing on the server changes. */
    public void remove(NodeItem item) {
        WorkerNode node = item.facts().node();
        main.tasks().run("Removing worker node " + node.name(), () -> {
                    main.homeport().nodeClients().forget(node.name());
                    main.homeport().nodeService().remove(node);
                })
                .onSuccess(done -> load())
                .start();
    }
}
