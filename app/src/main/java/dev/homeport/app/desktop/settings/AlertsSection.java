package dev.homeport.app.desktop.settings;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.AlarmThresholds;
import dev.homeport.model.AlarmThresholds.Level;
import dev.homeport.model.AlertConfig;
import dev.homeport.model.NotifyMethod;
import dev.homeport.model.vault.Secret;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * Settings → Alerts: the thresholds of Homeport's alarms on every node, and how the nodes' Netdata sends
 * alerts (email, Slack, Discord, ntfy, a webhook). Saved in the store (webhook addresses and tokens sealed
 * by the vault); Provision writes them to each node. Below them, what makes a crash loop of a live release
 * ({@link CrashLoopFields}, watched by the app itself). The store is read and written in background tasks.
 */
public final class AlertsSection {
    private static final List<String> KINDS = List.of("email", "slack", "discord", "ntfy", "webhook");
    private final MainModel model;
    private final Spinner<Integer>[][] levels = newLevels();
    private final ListView<String> methodList = new ListView<>();
    private final List<NotifyMethod> methods = new ArrayList<>();
    private final ComboBox<String> kind = new ComboBox<>();
    private final TextField address = new TextField();
    private final PasswordField secret = new PasswordField();
    private final Label status = new Label();

    public AlertsSection(MainModel model) {
        this.model = model;
    }

    @SuppressWarnings("unchecked")
    private static Spinner<Integer>[][] newLevels() {
        String[] ids = {"disk", "inodes", "memory", "cpu", "container-memory"};
        Spinner<Integer>[][] spinners = new Spinner[ids.length][2];
        for (int i = 0; i < ids.length; i++) {
            for (int j = 0; j < 2; j++) {
                Spinner<Integer> spinner = new Spinner<>(1, 100, 90, 1);
                spinner.setId("alerts-" + ids[i] + (j == 0 ? "-warning" : "-critical"));
                spinner.setEditable(true);
                spinner.setPrefWidth(90);
                spinners[i][j] = spinner;
            }
        }
        return spinners;
    }

    public Node build() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label(""), new Label("Warning %"), new Label("Critical %"));
        String[] labels = {"Disk space used", "Inodes used", "Memory used", "CPU, over 10 minutes", "A container's memory of its limit"};
        for (int i = 0; i < labels.length; i++) {
            grid.addRow(i + 1, new Label(labels[i]), levels[i][0], levels[i][1]);
        }
        Button save = Ui.button("Save thresholds", Feather.CHECK, this::saveThresholds, Styles.ACCENT);
        save.setId("alerts-save");

        methodList.setId("alerts-methods");
        methodList.setPrefHeight(110);
        methodList.setPlaceholder(Ui.muted("Nothing yet: the nodes raise alarms but send them nowhere."));
        kind.setId("alerts-kind");
        kind.getItems().setAll(KINDS);
        kind.setValue("email");
        kind.setOnAction(e -> prompts());
        address.setId("alerts-address");
        secret.setId("alerts-secret");
        prompts();
        Button add = Ui.button("Add", Feather.PLUS, this::add);
        add.setId("alerts-add");
        Button remove = Ui.button("Remove", Feather.TRASH_2, this::remove);
        remove.setId("alerts-remove");
        remove.disableProperty().bind(methodList.getSelectionModel().selectedItemProperty().isNull());
        HBox adding = new HBox(8, kind, address, secret, add, remove);
        adding.setAlignment(Pos.CENTER_LEFT);

        status.setId("alerts-settings-status");
        status.setWrapText(true);
        status.getStyleClass().add(Styles.TEXT_SMALL);
        model.tasks().run("Reading the alert settings", () -> model.homeport().alertSettings().config()).onSuccess(this::show).start();
        VBox section = new VBox(8, Ui.sectionTitle("Alerts"),
                Ui.muted("Each node's Netdata watches these and sends alerts the ways listed below, also while Homeport is closed."
                        + " Provision a node to apply changes to it, then send a test alert from the Alerts page."),
                grid, save, Ui.sectionTitle("Send alerts by"), methodList, adding, status, new CrashLoopFields(model).build());
        section.setId("alerts-section");
        return section;
    }

    private void prompts() {
        switch (kind.getValue()) {
            case "email" -> {
                address.setPromptText("ops@example.com");
                address.setDisable(false);
                secret.setPromptText("(no secret)");
                secret.setDisable(true);
            }
            case "ntfy" -> {
                address.setPromptText("https://ntfy.sh/topic");
                address.setDisable(false);
                secret.setPromptText("access token (optional)");
                secret.setDisable(false);
            }
            default -> {
                address.setPromptText("(kept in the vault)");
                address.setDisable(true);
                secret.setPromptText("webhook address");
                secret.setDisable(false);
            }
        }
        address.clear();
        secret.clear();
    }

    private void show(AlertConfig config) {
        AlarmThresholds t = config.thresholds();
        List<Level> all = List.of(t.disk(), t.inodes(), t.memory(), t.cpu(), t.containerMemory());
        for (int i = 0; i < all.size(); i++) {
            levels[i][0].getValueFactory().setValue(all.get(i).warning());
            levels[i][1].getValueFactory().setValue(all.get(i).critical());
        }
        methods.clear();
        methods.addAll(config.methods());
        methodList.getItems().setAll(methods.stream().map(AlertsSection::describe).toList());
    }

    static String describe(NotifyMethod method) {
        return switch (method) {
            case NotifyMethod.Email email -> "email to " + email.address() + " (through the node's sendmail)";
            case NotifyMethod.Ntfy ntfy -> "ntfy to " + ntfy.topicUrl() + (ntfy.token() == null ? "" : " (with an access token)");
            default -> method.kind() + " (its address is in the vault)";
        };
    }

    private AlarmThresholds thresholds() {
        Level[] l = new Level[5];
        for (int i = 0; i < 5; i++) {
            l[i] = new Level(levels[i][0].getValue(), levels[i][1].getValue());
        }
        return new AlarmThresholds(l[0], l[1], l[2], l[3], l[4]);
    }

    private void saveThresholds() {
        AlertConfig config;
        try {
            config = new AlertConfig(thresholds(), methods);
        } catch (IllegalArgumentException e) {
            say(Dialogs.userMessage(e), true);
            return;
        }
        save(config, "Saved. Provision each node to apply it.");
    }

    private void add() {
        NotifyMethod method;
        try {
            String text = address.getText().strip();
            String hidden = secret.getText().strip();
            method = switch (kind.getValue()) {
                case "email" -> new NotifyMethod.Email(text);
                case "slack" -> new NotifyMethod.Slack(Secret.of(hidden));
                case "discord" -> new NotifyMethod.Discord(Secret.of(hidden));
                case "ntfy" -> new NotifyMethod.Ntfy(text, hidden.isEmpty() ? null : Secret.of(hidden));
                default -> new NotifyMethod.Webhook(Secret.of(hidden));
            };
        } catch (IllegalArgumentException e) {
            say(Dialogs.userMessage(e), true);
            return;
        }
        List<NotifyMethod> changed = new ArrayList<>(methods);
        changed.removeIf(m -> m.kind().equals(method.kind()) && !(m instanceof NotifyMethod.Email) || m.equals(method));
        changed.add(method);
        AlertConfig config;
        try {
            config = new AlertConfig(thresholds(), changed);
        } catch (IllegalArgumentException e) {
            say(Dialogs.userMessage(e), true);
            return;
        }
        save(config, "Added " + method.kind() + ". Provision each node to apply it, then send a test alert.");
        prompts();
    }

    private void remove() {
        int index = methodList.getSelectionModel().getSelectedIndex();
        if (index < 0) {
            return;
        }
        List<NotifyMethod> changed = new ArrayList<>(methods);
        NotifyMethod gone = changed.remove(index);
        save(new AlertConfig(thresholds(), changed), "Removed " + gone.kind() + ". Provision each node to apply it.");
    }

    private void save(AlertConfig config, String done) {
        model.tasks().run("Saving the alert settings", () -> {
                    model.homeport().alertSettings().save(config);
                    return config;
                })
                .onSuccess(saved -> {
                    show(saved);
                    say(done, false);
                })
                .onFailure(failure -> say(Dialogs.userMessage(failure), true))
                .start();
    }

    private void say(String text, boolean problem) {
        status.setText(text);
        status.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        status.getStyleClass().add(problem ? Styles.DANGER : Styles.SUCCESS);
    }
}
