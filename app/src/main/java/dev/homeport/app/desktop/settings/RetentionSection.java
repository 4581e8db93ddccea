package dev.homeport.app.desktop.settings;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.RetentionPolicy;
import dev.homeport.model.inventory.Retention;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * Settings → History kept: the store's retention policy (releases and their logs per
 * service, node events by age and number), with Save and Prune now. The store is read
 * and written in background tasks.
 */
public final class RetentionSection {
    private final MainModel model;
    private final Spinner<Integer> deployments = spinner("retention-deployments", 1, 100_000, RetentionPolicy.DEFAULT_DEPLOYMENTS_KEPT, 10);
    private final Spinner<Integer> logs = spinner("retention-logs", 0, 100_000, RetentionPolicy.DEFAULT_LOGS_KEPT, 5);
    private final Spinner<Integer> eventDays = spinner("retention-event-days", 1, 3650, RetentionPolicy.DEFAULT_EVENT_DAYS, 7);
    private final Spinner<Integer> events = spinner("retention-events", 1, 1_000_000, RetentionPolicy.DEFAULT_EVENTS_KEPT, 100);
    private final Label status = new Label();

    public RetentionSection(MainModel model) {
        this.model = model;
    }

    public Node build() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Keep"), deployments, new Label("releases per service, the newest; older ones go with their logs"));
        grid.addRow(1, new Label("Keep the log of"), logs, new Label("newest releases per service; older ones keep state, image and reason"));
        grid.addRow(2, new Label("Keep node events for"), eventDays, new Label("days"));
        grid.addRow(3, new Label("Keep at most"), events, new Label("events per node"));
        Button save = Ui.button("Save", Feather.CHECK, this::save, Styles.ACCENT);
        save.setId("retention-save");
        Button prune = Ui.button("Prune now", Feather.SCISSORS, this::prune);
        prune.setId("retention-prune");
        Button defaults = Ui.button("Defaults", Feather.ROTATE_CCW, () -> show(RetentionPolicy.defaults()));
        defaults.setId("retention-defaults");
        HBox buttons = new HBox(8, save, prune, defaults);
        buttons.setAlignment(Pos.CENTER_LEFT);
        status.setId("retention-status");
        status.setWrapText(true);
        status.getStyleClass().add(Styles.TEXT_SMALL);
        model.tasks().run("Reading the retention policy", () -> model.homeport().retention().policy()).onSuccess(this::show).start();
        VBox section = new VBox(8, Ui.sectionTitle("History kept"),
                Ui.muted("So the store does not grow for ever, Homeport prunes old releases, their logs and node events after every "
                        + "deployment and when it starts. The live release, a release in progress and the releases a service keeps "
                        + "for rollback are never removed."),
                grid, buttons, status);
        section.setId("retention-section");
        return section;
    }

    private void show(RetentionPolicy policy) {
        deployments.getValueFactory().setValue(policy.deploymentsKept());
        logs.getValueFactory().setValue(policy.logsKept());
        eventDays.getValueFactory().setValue(policy.eventDays());
        events.getValueFactory().setValue(policy.eventsKept());
    }

    private void save() {
        RetentionPolicy policy;
        try {
            policy = new RetentionPolicy(deployments.getValue(), logs.getValue(), eventDays.getValue(), events.getValue());
        } catch (IllegalArgumentException e) {
            say(Dialogs.userMessage(e), true);
            return;
        }
        model.tasks().run("Saving the retention policy", () -> model.homeport().retention().setPolicy(policy))
                .onSuccess(done -> say("Saved. The next pruning applies it: after the next deployment, or Prune now.", false))
                .onFailure(failure -> say(Dialogs.userMessage(failure), true))
                .start();
    }

    private void prune() {
        model.tasks().run("Pruning old history", () -> model.homeport().retention().prune())
                .onSuccess(pruned -> say(describe(pruned), false))
                .onFailure(failure -> say(Dialogs.userMessage(failure), true))
                .start();
    }

    static String describe(Retention.Pruned pruned) {
        return pruned.nothing() ? "Nothing to remove: the store holds no more than the saved policy keeps."
                : "Removed " + pruned.deployments() + " releases, " + pruned.logLines() + " log lines and " + pruned.nodeEvents() + " node events.";
    }

    private void say(String text, boolean problem) {
        status.setText(text);
        status.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        status.getStyleClass().add(problem ? Styles.DANGER : Styles.SUCCESS);
    }

    private static Spinner<Integer> spinner(String id, int min, int max, int initial, int step) {
        Spinner<Integer> spinner = new Spinner<>(min, max, initial, step);
        spinner.setId(id);
        spinner.setEditable(true);
        spinner.setPrefWidth(120);
        return spinner;
    }
}
