package dev.homeport.app.desktop.settings;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.Check;
import dev.homeport.model.Organisation;
import dev.homeport.model.S3Target;
import dev.homeport.model.ValidationException;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.vault.Sealed;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.backup.S3Copy;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;

/**
 * Settings → S3 targets: an organisation's S3-compatible storage for copies of backups, as {@code homeport s3} keeps
 * them. The secret key is sealed in the vault and never shown. Test runs the check {@code homeport s3 test} runs (the
 * chosen node's rclone lists the bucket with the stored key) in a background task, with a spinner while it runs. A
 * backup schedule chooses a target in a database's or volume's Backups section ("Copy to", as s3:NAME).
 */
public final class S3TargetsSection {
    private final MainModel model;
    private final Window owner;
    private final ChoiceBox<Organisation> organisation = new ChoiceBox<>();
    private final ChoiceBox<WorkerNode> node = new ChoiceBox<>();
    private final TableView<S3Target> table = new TableView<>();
    private final Label status = new Label();
    private final BooleanProperty testing = new SimpleBooleanProperty();

    public S3TargetsSection(MainModel model, Window owner) {
        this.model = model;
        this.owner = owner;
    }

    public Node build() {
        organisation.setId("s3-organisation");
        organisation.setConverter(named(Organisation::name));
        organisation.valueProperty().addListener((obs, old, now) -> load(null));
        node.setId("s3-test-node");
        node.setConverter(named(WorkerNode::name));
        // Wide enough for a name: a ChoiceBox sizes itself to its first value and would cut a longer one.
        organisation.setMinWidth(140);
        node.setMinWidth(140);
        table.setId("s3-targets");
        table.getStyleClass().addAll(Styles.BORDERED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                Ui.column("Name", S3Target::name),
                Ui.column("Endpoint", S3Target::endpoint),
                Ui.column("Bucket", (S3Target t) -> t.bucket() + (t.prefix() == null ? "" : "/" + t.prefix())),
                Ui.column("Region", (S3Target t) -> t.region() == null ? "-" : t.region()),
                Ui.column("Access key", S3Target::accessKeyId),
                Ui.column("Secret key", (S3Target t) -> "sealed in the vault")));
        table.getColumns().get(0).setPrefWidth(110);
        table.getColumns().get(1).setPrefWidth(230);
        table.getColumns().get(2).setPrefWidth(200);
        table.setPlaceholder(Ui.muted("No S3 targets in this organisation."));
        table.setPrefHeight(150);
        status.setId("s3-status");
        status.setWrapText(true);
        status.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.SUCCESS);
        status.setMaxWidth(Double.MAX_VALUE);

        Button add = Ui.button("Add…", Feather.PLUS, this::add);
        add.setId("add-s3");
        add.disableProperty().bind(organisation.valueProperty().isNull());
        Button test = Ui.button("Test", Feather.CHECK_CIRCLE, this::testSelected);
        test.setId("test-s3");
        test.disableProperty().bind(testing.or(table.getSelectionModel().selectedItemProperty().isNull())
                .or(node.valueProperty().isNull()));
        Button remove = Ui.button("Remove", Feather.TRASH_2, this::removeSelected, Styles.DANGER);
        remove.setId("remove-s3");
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setId("test-s3-progress");
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(testing);
        spinner.managedProperty().bind(testing);
        HBox choose = new HBox(10, new Label("Organisation"), organisation, new Label("Test from node"), node);
        choose.setAlignment(Pos.CENTER_LEFT);
        HBox buttons = new HBox(8, add, test, remove, spinner);
        buttons.setAlignment(Pos.CENTER_LEFT);
        model.tasks().run("Reading organisations and nodes",
                        () -> java.util.Map.entry(model.homeport().inventory().organisations(), model.homeport().nodes().nodes()))
                .onSuccess(read -> {
                    organisation.getItems().setAll(read.getKey());
                    node.getItems().setAll(read.getValue());
                    if (!read.getKey().isEmpty()) {
                        organisation.setValue(read.getKey().getFirst());
                    }
                    if (!read.getValue().isEmpty()) {
                        node.setValue(read.getValue().getFirst());
                    }
                })
                .start();
        VBox section = new VBox(8, Ui.sectionTitle("S3 targets"),
                Ui.muted("S3-compatible storage (Amazon S3, MinIO, Backblaze B2, …) that backups are copied to, kept per organisation."
                        + " A database's or volume's backup schedule names one under \"Copy to\" (s3:NAME); while the app runs, the"
                        + " node's rclone uploads each new backup after it is pulled, the secret key on its standard input. Secret keys"
                        + " are sealed in the vault and never shown. Test lists the bucket from the chosen node, as a copy would."),
                choose, table, buttons, status);
        section.setId("s3-section");
        return section;
    }

    private static <T> StringConverter<T> named(java.util.function.Function<T, String> name) {
        return new StringConverter<>() {
            @Override
            public String toString(T item) {
                return item == null ? "" : name.apply(item);
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** Reads the selected organisation's targets again; selects {@code select} (a name) when given. */
    private void load(String select) {
        Organisation org = organisation.getValue();
        if (org == null) {
            table.getItems().clear();
            return;
        }
        model.tasks().run("Reading S3 targets", () -> model.homeport().inventory().s3Targets().list(org.id()))
                .onSuccess(targets -> {
                    if (organisation.getValue() != org) {
                        return; // another organisation was chosen meanwhile
                    }
                    table.getItems().setAll(targets);
                    targets.stream().filter(t -> t.name().equals(select)).findFirst().ifPresent(t -> table.getSelectionModel().select(t));
                })
                .start();
    }

    /** A target as typed; the secret key as characters, wiped once sealed. */
    record Draft(String name, String endpoint, String region, String bucket, String prefix, String accessKeyId, char[] secretKey) {
    }

    private void add() {
        Organisation org = organisation.getValue();
        if (org == null) {
            return;
        }
        ask().ifPresent(draft -> model.tasks().run("Keeping the S3 target " + draft.name(), () -> {
                    Secret secret = Secret.of(new String(draft.secretKey()));
                    java.util.Arrays.fill(draft.secretKey(), '\0');
                    return model.homeport().inventory().s3Targets().add(org.id(), draft.name(), draft.endpoint(), draft.region(),
                            draft.bucket(), draft.prefix(), draft.accessKeyId(), secret);
                })
                .onSuccess(saved -> {
                    say("Kept the S3 target " + saved.name() + " (" + saved.location() + ") in organisation '" + org.name() + "'.", Styles.SUCCESS);
                    load(saved.name());
                })
                .onFailure(failure -> Dialogs.error(owner, "Cannot keep the S3 target", failure))
                .start());
    }

    private Optional<Draft> ask() {
        Dialog<Draft> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Add an S3 target");
        dialog.setHeaderText("Add an S3 target");
        TextField name = field("s3-name", "offsite");
        TextField endpoint = field("s3-endpoint", "https://s3.eu-central-1.amazonaws.com or http://minio.lan:9000");
        TextField region = field("s3-region", "eu-central-1 (when the service needs one)");
        TextField bucket = field("s3-bucket", "an existing bucket");
        TextField prefix = field("s3-prefix", "homeport/backups (optional)");
        TextField accessKey = field("s3-access-key", "access key id");
        PasswordField secretKey = new PasswordField();
        secretKey.setId("s3-secret-key");
        secretKey.setPromptText("secret access key");
        Label error = Dialogs.errorLabel("s3-error");
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        grid.addRow(0, new Label("Name"), name);
        grid.addRow(1, new Label("Endpoint"), endpoint);
        grid.addRow(2, new Label("Region"), region);
        grid.addRow(3, new Label("Bucket"), bucket);
        grid.addRow(4, new Label("Prefix"), prefix);
        grid.addRow(5, new Label("Access key id"), accessKey);
        grid.addRow(6, new Label("Secret key"), secretKey);
        VBox content = new VBox(10, grid, error, Ui.muted("Objects go under PREFIX/NODE/FOLDER/FILE, FOLDER being the backup's folder on"
                + " the node. Homeport does not create the bucket. To change a target, remove it and add it again."));
        content.setPrefWidth(560);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, ButtonType.OK);
        Node ok = dialog.getDialogPane().lookupButton(ButtonType.OK);
        Runnable validate = () -> {
            String problem = problem(name.getText(), endpoint.getText(), region.getText(), bucket.getText(), prefix.getText(),
                    accessKey.getText(), secretKey.getText());
            error.setText(problem == null ? "" : problem);
            ok.setDisable(problem != null);
        };
        for (TextField field : new TextField[] {name, endpoint, region, bucket, prefix, accessKey, secretKey}) {
            field.textProperty().addListener((obs, old, now) -> validate.run());
        }
        validate.run();
        dialog.setResultConverter(button -> button == ButtonType.OK
                ? new Draft(name.getText().strip(), endpoint.getText().strip(), region.getText().strip(), bucket.getText().strip(),
                        prefix.getText().strip(), accessKey.getText().strip(), secretKey.getText().toCharArray()) : null);
        Platform.runLater(name::requestFocus);
        return dialog.showAndWait();
    }

    private static TextField field(String id, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(28);
        return field;
    }

    /**
     * What is wrong with a target as typed, by the rules {@code homeport s3 add} follows; "" while a required field is
     * still empty (nothing to say yet, but not ready), null when it is fine.
     */
    static String problem(String name, String endpoint, String region, String bucket, String prefix, String accessKey, String secretKey) {
        if (name.isBlank() || endpoint.isBlank() || bucket.isBlank() || accessKey.isBlank() || secretKey.isEmpty()) {
            return "";
        }
        if (secretKey.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "The secret key must be one line of printable characters.";
        }
        try {
            Check.dnsLabel("name", name.strip());
            new S3Target(0, 0, name.strip(), endpoint.strip(), region, bucket.strip(), prefix, accessKey.strip(), new Sealed("v1.unchecked"));
        } catch (ValidationException e) {
            return "The " + e.field() + " " + e.rule() + ".";
        }
        return null;
    }

    /** The node's rclone lists the bucket with the stored key, as {@code homeport s3 test} does; the spinner turns meanwhile. */
    private void testSelected() {
        S3Target target = table.getSelectionModel().getSelectedItem();
        WorkerNode from = node.getValue();
        if (target == null || from == null) {
            return;
        }
        testing.set(true);
        say("Testing " + target.name() + " from " + from.name() + "…", null);
        FxPrompts prompts = new FxPrompts(owner);
        model.tasks().reporting("Testing the S3 target " + target.name(), progress -> {
                    progress.accept("Connecting to " + from.name() + "…");
                    var connection = model.homeport().nodeService().connection(from, prompts);
                    progress.accept("Listing " + target.location() + " with " + from.name() + "'s rclone…");
                    Secret secret = model.homeport().inventory().s3Targets().secretKey(target);
                    return new S3Copy(connection, from.name(), target, secret).test();
                })
                .onSuccess(entries -> say("S3 target " + target.name() + " works: node " + from.name() + " listed " + target.location()
                        + " (" + entries + (entries == 1 ? " entry)." : " entries)."), Styles.SUCCESS))
                .onFailure(failure -> say(failure.getMessage() == null ? failure.toString() : failure.getMessage(), Styles.DANGER))
                .andFinally(() -> testing.set(false))
                .start();
    }

    private void removeSelected() {
        S3Target target = table.getSelectionModel().getSelectedItem();
        Organisation org = organisation.getValue();
        if (target == null || org == null) {
            return;
        }
        if (!Dialogs.confirmDanger(owner, "Remove the S3 target " + target.name() + "?",
                "Its secret key is forgotten; the copies already in " + target.location() + " stay there. A target that a backup"
                        + " schedule copies to cannot be removed until the schedule names another.", "Remove target")) {
            return;
        }
        model.tasks().run("Removing the S3 target " + target.name(),
                        () -> model.homeport().inventory().s3Targets().remove(org.id(), target.name()))
                .onSuccess(removed -> {
                    say(removed ? "Removed the S3 target " + target.name() + "." : "There was no S3 target " + target.name() + ".", Styles.SUCCESS);
                    load(null);
                })
                .onFailure(failure -> Dialogs.error(owner, "Cannot remove the S3 target", failure))
                .start();
    }

    private void say(String text, String style) {
        status.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        if (style != null) {
            status.getStyleClass().add(style);
        }
        status.setText(text);
    }
}
