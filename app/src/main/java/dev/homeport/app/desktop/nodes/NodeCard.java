package dev.homeport.app.desktop.nodes;

import atlantafx.base.controls.Card;
import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.Place;
import dev.homeport.app.desktop.Ui;
import dev.homeport.ssh.transport.HostKeyException;
import java.util.List;
import java.util.function.Supplier;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Subscription;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

/**
 * One node on the Worker Nodes page: name and connection state, its facts
 * (address, identity, pinned host key, environments), Test connection and
 * Remove, and what the last test found, with the host-key decisions it needs.
 */
final class NodeCard {
    private final NodesModel model;
    private final NodeItem item;
    private final Supplier<Window> owner;
    private final Label state = new Label();
    private final Label health = new Label();
    private final Button test = Ui.button("Test connection", Feather.ZAP, this::test);
    private final GridPane facts = new GridPane();
    private final VBox result = new VBox(8);

    NodeCard(NodesModel model, NodeItem item, Supplier<Window> owner) {
        this.model = model;
        this.item = item;
        this.owner = owner;
    }

    /** Builds the card; what it subscribes to is added to {@code subscriptions}, for the page to end. */
    Node build(List<Subscription> subscriptions) {
        Card card = new Card();
        card.setId("node-" + item.name());
        card.getStyleClass().add("node-card");
        card.setHeader(header());
        facts.setHgap(24);
        facts.setVgap(6);
        card.setBody(new VBox(12, facts, result));
        subscriptions.add(item.factsProperty().subscribe(this::showFacts));
        subscriptions.add(item.stateProperty().subscribe(this::showState));
        Runnable showHealth = () -> HealthLook.show(health, model.main().nodeHealth().latest().get(item.name()));
        showHealth.run();
        subscriptions.add(model.main().nodeHealth().latest().subscribe(showHealth));
        return card;
    }

    private Node header() {
        Label name = new Label(item.name(), Ui.icon(Feather.SERVER));
        name.getStyleClass().add(Styles.TITLE_4);
        state.setId("node-state");
        test.setId("test-node");
        Button remove = Ui.button("Remove", Feather.TRASH_2, this::remove, Styles.DANGER, Styles.FLAT);
        remove.setId("remove-node");
        Button open = Ui.button("Open", Feather.ARROW_RIGHT, () -> model.main().go(new Place.NodeDetail(item.id())), Styles.ACCENT);
        open.setId("open-node");
        health.setId("node-health");
        HBox header = new HBox(12, name, state, health, Ui.grow(), test, open, remove);
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private void showFacts(NodeFacts now) {
        facts.getChildren().clear();
        fact(0, "Address", now.node().address());
        fact(1, "Identity", now.identity());
        fact(2, "Host key", now.pinnedFingerprint() == null
                ? "not pinned yet: test the connection to check and pin it" : now.pinnedFingerprint());
        fact(3, "Environments", now.environments().isEmpty() ? "not attached to any environment yet" : String.join(", ", now.environments()));
    }

    private void fact(int row, String caption, String value) {
        Label label = new Label(caption);
        label.getStyleClass().add(Styles.TEXT_MUTED);
        label.setMinWidth(100);
        Label text = new Label(value);
        text.setWrapText(true);
        text.setId("fact-" + caption.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        facts.addRow(row, label, text);
    }

    private void showState(NodeState now) {
        state.setText(now.label());
        state.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER, Styles.WARNING, Styles.TEXT_MUTED, Styles.ACCENT);
        test.setDisable(now instanceof NodeState.Testing);
        result.getChildren().clear();
        switch (now) {
            case NodeState.Connected connected -> {
                mark(Feather.CHECK_CIRCLE, Styles.SUCCESS);
                if (connected.report() != null) {
                    Label report = new Label(NodeMessages.report(connected.report()), Ui.icon(Feather.CHECK));
                    report.setId("node-report");
                    report.setWrapText(true);
                    report.getStyleClass().add(Styles.SUCCESS);
                    result.getChildren().add(report);
                }
            }
            case NodeState.NotConnected notConnected -> mark(Feather.CIRCLE, Styles.TEXT_MUTED);
            case NodeState.Testing testing -> {
                ProgressIndicator spinner = new ProgressIndicator();
                spinner.setPrefSize(16, 16);
                state.setGraphic(spinner);
                state.getStyleClass().add(Styles.ACCENT);
                Button cancel = Ui.button("Cancel", null, () -> model.cancelTest(item), Styles.FLAT, Styles.SMALL);
                cancel.setId("cancel-test");
                HBox progress = new HBox(8, Ui.muted("Connecting to " + item.facts().node().address() + "…"), cancel);
                progress.setAlignment(Pos.CENTER_LEFT);
                result.getChildren().add(progress);
            }
            case NodeState.Failed failed -> {
                mark(Feather.ALERT_CIRCLE, Styles.DANGER);
                result.getChildren().add(message("Connection failed", failed.message(), Styles.DANGER));
            }
            case NodeState.HostKeyProblem problem -> showHostKeyProblem(problem.problem());
        }
    }

    private void showHostKeyProblem(HostKeyException problem) {
        switch (problem.reason()) {
            case UNKNOWN -> {
                mark(Feather.ALERT_TRIANGLE, Styles.WARNING);
                Button check = Ui.button("Check and trust the key…", Feather.SHIELD, () -> trust(problem), Styles.ACCENT);
                check.setId("trust-host-key");
                result.getChildren().addAll(message("Unknown host key", problem.getMessage(), Styles.WARNING), check);
            }
            case CHANGED -> {
                mark(Feather.ALERT_OCTAGON, Styles.DANGER);
                Button replace = Ui.button("Replace pinned key…", Feather.REFRESH_CW, () -> replace(problem), Styles.DANGER);
                replace.setId("replace-host-key");
                result.getChildren().addAll(message("Host key changed", NodeMessages.changed(problem), Styles.DANGER), replace);
            }
            case REVOKED -> {
                mark(Feather.ALERT_OCTAGON, Styles.DANGER);
                result.getChildren().add(message("Host key revoked", problem.getMessage(), Styles.DANGER));
            }
        }
    }

    private void mark(Ikon icon, String style) {
        state.setGraphic(Ui.icon(icon));
        state.getStyleClass().add(style);
    }

    private static Node message(String title, String text, String style) {
        Message message = new Message(title, text);
        message.getStyleClass().add(style);
        message.setId("node-message");
        message.setMaxWidth(Double.MAX_VALUE);
        return message;
    }

    private void test() {
        model.test(item, new FxPrompts(owner));
    }

    private void trust(HostKeyException unknown) {
        if (HostKeyDialogs.confirmUnknown(owner.get(), unknown, item.facts().node().hostKey())) {
            model.trust(item, unknown, new FxPrompts(owner));
        }
    }

    private void replace(HostKeyException changed) {
        if (HostKeyDialogs.confirmReplace(owner.get(), item.name(), changed)) {
            model.replaceHostKey(item, changed, new FxPrompts(owner));
        }
    }

    private void remove() {
        NodeFacts now = item.facts();
        String environments = now.environments().isEmpty() ? ""
                : "\n\nIt is attached to " + String.join(", ", now.environments()) + "; those environments lose it.";
        if (Dialogs.confirmDanger(owner.get(), "Remove worker node " + item.name() + "?",
                "Homeport forgets " + item.name() + " (" + now.node().address() + ") and closes its connection. "
                        + "Nothing on the server changes: its containers keep running." + environments,
                "Remove node")) {
            model.remove(item);
        }
    }
}
