package dev.homeport.app.desktop.nodes;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;

/** One node on the page: its facts from the store, and its connection state. Changed only by {@link NodesModel}. */
public final class NodeItem {
    private final long id;
    private final ReadOnlyObjectWrapper<NodeFacts> facts;
    private final ReadOnlyObjectWrapper<NodeState> state;
    private Task<?> test;

    NodeItem(NodeFacts facts) {
        this.id = facts.node().id();
        this.facts = new ReadOnlyObjectWrapper<>(facts);
        this.state = new ReadOnlyObjectWrapper<>(facts.connected() ? new NodeState.Connected(null) : new NodeState.NotConnected());
    }

    long id() {
        return id;
    }

    public String name() {
        return facts.get().node().name();
    }

    ReadOnlyObjectProperty<NodeFacts> factsProperty() {
        return facts.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<NodeState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    NodeFacts facts() {
        return facts.get();
    }

    NodeState state() {
        return state.get();
    }

    void setFacts(NodeFacts now) {
        facts.set(now);
    }

    void setState(NodeState now) {
        state.set(now);
    }

    /**
     * Moves to {@link NodeState.Testing} unless a test already runs, and returns the state it
     * left (to go back to if the test is cancelled), or null when a test already runs: two
     * quick clicks start one test. Called on the FX thread only.
     */
    NodeState startTest() {
        NodeState before = state.get();
        if (before instanceof NodeState.Testing) {
            return null;
        }
        state.set(new NodeState.Testing());
        return before;
    }

    /** The test running now, to cancel; null when none runs. */
    Task<?> runningTest() {
        return test;
    }

    void setRunningTest(Task<?> running) {
        test = running;
    }
}
