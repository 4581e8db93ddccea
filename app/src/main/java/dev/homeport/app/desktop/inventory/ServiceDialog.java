package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.desktop.services.HealthText;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.HealthGate;
import dev.homeport.model.RestartPolicy;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceKind;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.ValidationException;
import dev.homeport.model.Volume;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TextArea;
import javafx.util.StringConverter;
import javafx.geometry.Insets;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Screen;
import javafx.stage.Window;

/**
 * Creates a service, or edits an existing one's settings: its source, port,
 * limits, and how its releases run (health check, restart policy, volumes, how
 * many releases are kept, how long the old one drains). Every field is checked
 * as the user types, by building the same {@link Service} record the store
 * takes; OK stays disabled and the first problem is shown until the input is
 * valid.
 */
final class ServiceDialog {
    /** The dialog's header, buttons and title bar, around the form. */
    private static final double DIALOG_FRAME = 200;
    private static final double MIN_FORM_HEIGHT = 300;
    private final Dialog<Service> dialog = new Dialog<>();
    private final Service existing;
    private final TextField name = field("name", "web");
    private final ToggleGroup kind = new ToggleGroup();
    private final TextField image = field("image", "nginx:1.27 or registry.example.com/team/app:v2");
    private final TextField gitUrl = field("git-url", "https://github.com/you/app.git");
    private final TextField gitRef = field("git-ref", ServiceSource.Git.DEFAULT_REF);
    private final TextField dockerfile = field("dockerfile", ServiceSource.DEFAULT_DOCKERFILE);
    private final TextField context = field("context", ServiceSource.Git.DEFAULT_CONTEXT);
    private final TextField folder = field("folder", "/home/you/projects/app");
    private final TextField port = field("port", "8080");
    private final TextField healthPath = field("health-path", "/");
    private final TextField cpus = field("cpus", "unlimited, or e.g. 0.5");
    private final TextField memory = field("memory", "unlimited, or e.g. 512m, 1g");
    private final ChoiceBox<Optional<HealthGate>> gate = new ChoiceBox<>();
    private final TextField healthTimeout = field("health-timeout", Integer.toString(DeployOptions.DEFAULT_HEALTH_TIMEOUT_SECONDS));
    private final ChoiceBox<RestartPolicy> restart = new ChoiceBox<>();
    private final TextArea volumes = new TextArea();
    private final TextField keepReleases = field("keep-releases", Integer.toString(DeployOptions.DEFAULT_KEEP_RELEASES));
    private final TextField drain = field("drain", Integer.toString(DeployOptions.DEFAULT_DRAIN_SECONDS));
    private final TextField replicas = field("replicas", Integer.toString(DeployOptions.DEFAULT_REPLICAS));
    private final TextField pinnedNode = field("pinned-node", "");
    private final Label problem = new Label();
    private final GridPane sourceFields = new GridPane();
    private Service result;

    ServiceDialog(Window owner, Service existing) {
        this.existing = existing;
        dialog.initOwner(owner);
        dialog.setTitle(existing == null ? "New service" : "Service settings");
        dialog.setHeaderText(existing == null ? "New service" : "Settings of " + existing.name());
        // The problem stays in sight below the form, however far it is scrolled.
        dialog.getDialogPane().setContent(new VBox(10, screenHigh(content()), problem));
        dialog.setOnShown(shown -> keepOnScreen(dialog.getDialogPane().getScene().getWindow()));
        dialog.getDialogPane().getStylesheets().add(Ui.stylesheet());
        dialog.getDialogPane().getStyleClass().add("wide-dialog");
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, ButtonType.OK);
        dialog.setResultConverter(button -> button == ButtonType.OK ? result : null);
        if (existing != null) {
            fill(existing);
        }
        for (TextField field : new TextField[] {name, image, gitUrl, gitRef, dockerfile, context, folder, port, healthPath, cpus, memory,
                healthTimeout, keepReleases, drain, replicas, pinnedNode}) {
            field.textProperty().addListener((obs, old, now) -> validate());
        }
        volumes.textProperty().addListener((obs, old, now) -> validate());
        gate.valueProperty().addListener((obs, old, now) -> validate());
        restart.valueProperty().addListener((obs, old, now) -> validate());
        kind.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true);
                return;
            }
            showSourceFields();
            validate();
        });
        showSourceFields();
        validate();
    }

    Optional<Service> ask() {
        return dialog.showAndWait();
    }

    /**
     * The form scrolls once it is taller than three quarters of the screen (with every section it is taller than a
     * laptop's screen), so the dialog's title and its OK button always stay in sight.
     */
    private static ScrollPane screenHigh(Node form) {
        ScrollPane scroll = new ScrollPane(form) {
            @Override
            protected double computePrefHeight(double width) {
                double room = Screen.getPrimary().getVisualBounds().getHeight() * 0.75 - DIALOG_FRAME;
                return Math.min(super.computePrefHeight(width), Math.max(room, MIN_FORM_HEIGHT));
            }
        };
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        return scroll;
    }

    /** A dialog centred on a low window can start above the screen's top; it moves down into sight. */
    private static void keepOnScreen(Window window) {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        if (window.getY() < screen.getMinY()) {
            window.setY(screen.getMinY());
        }
    }

    private Node content() {
        HBox kinds = new HBox();
        kinds.getStyleClass().add("segmented");
        for (ServiceKind k : ServiceKind.values()) {
            ToggleButton button = new ToggleButton(switch (k) {
                case IMAGE -> "Image";
                case GIT -> "Git repository";
                case FOLDER -> "Local folder";
            });
            button.setUserData(k);
            button.setToggleGroup(kind);
            button.setId("kind-" + k.label());
            button.getStyleClass().add(k == ServiceKind.IMAGE ? Styles.LEFT_PILL : k == ServiceKind.FOLDER ? Styles.RIGHT_PILL : Styles.CENTER_PILL);
            kinds.getChildren().add(button);
        }
        kind.getToggles().getFirst().setSelected(true);
        name.setDisable(existing != null);

        GridPane common = grid();
        row(common, 0, "Container port", port, "The port the app listens on inside the container.");
        cpus.setPrefColumnCount(8);
        memory.setPrefColumnCount(8);
        memory.setTooltip(new Tooltip("Megabytes, such as 512 or 512m, or gigabytes, such as 1g"));
        HBox limits = new HBox(8, cpus, unit("CPUs"), memory, unit("of memory"));
        limits.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        row(common, 1, "Limits", limits, null);

        gate.setId("health-gate");
        gate.getItems().setAll(Optional.empty(), Optional.of(HealthGate.HTTP), Optional.of(HealthGate.TCP),
                Optional.of(HealthGate.IMAGE), Optional.of(HealthGate.RUNNING));
        gate.setConverter(new StringConverter<>() {
            @Override
            public String toString(Optional<HealthGate> choice) {
                return choice == null ? "" : HealthText.choice(choice.orElse(null));
            }

            @Override
            public Optional<HealthGate> fromString(String text) {
                throw new UnsupportedOperationException();
            }
        });
        gate.setValue(Optional.empty());
        gate.setMaxWidth(Double.MAX_VALUE);
        healthPath.setPrefColumnCount(10);
        healthTimeout.setPrefColumnCount(4);
        HBox pathAndTimeout = new HBox(8, unit("Path"), healthPath, unit("within"), healthTimeout, unit("seconds"));
        pathAndTimeout.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setHgrow(healthPath, Priority.ALWAYS);
        restart.setId("restart-policy");
        restart.getItems().setAll(RestartPolicy.values());
        restart.setConverter(new StringConverter<>() {
            @Override
            public String toString(RestartPolicy policy) {
                return policy == null ? "" : policy.dockerName();
            }

            @Override
            public RestartPolicy fromString(String text) {
                return RestartPolicy.parse(text);
            }
        });
        restart.setValue(RestartPolicy.UNLESS_STOPPED);
        volumes.setId("volumes");
        volumes.setPromptText("data:/var/lib/app\n/srv/uploads:/uploads:ro");
        volumes.setPrefRowCount(2);
        volumes.setPrefColumnCount(28);
        keepReleases.setPrefColumnCount(4);
        drain.setPrefColumnCount(4);
        HBox keep = new HBox(8, keepReleases, unit("releases, the live one included"));
        keep.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox drainFor = new HBox(8, drain, unit("seconds"));
        drainFor.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        replicas.setPrefColumnCount(4);
        pinnedNode.setPrefColumnCount(10);
        pinnedNode.setPromptText("any node");
        HBox replicaCount = new HBox(8, replicas, unit("on a cluster, all on"), pinnedNode);
        replicaCount.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        GridPane releases = grid();
        row(releases, 0, "Health check", new VBox(6, gate, pathAndTimeout), "Traffic moves to a new release only once it passes.");
        row(releases, 1, "Restart policy", restart, null);
        row(releases, 2, "Volumes", volumes, "One per line: a volume name or a folder of the node, a colon, the path in the container; :ro for read-only.");
        row(releases, 3, "Keep", keep, "Older releases stay on the node, stopped, so you can roll back to them.");
        row(releases, 4, "Drain", drainFor, "How long the old release may finish its requests after traffic moved.");
        row(releases, 5, "Replicas", replicaCount, "How many copies run when the environment's nodes form a cluster; one node runs one. Name a node to keep them all there (a database next to its volume).");

        problem.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        problem.setWrapText(true);
        problem.setId("service-problem");
        VBox box = new VBox(14, labelled("Name", name), new VBox(6, new Label("Source"), kinds), sourceFields, common,
                new VBox(8, section("How releases run"), releases));
        box.setPrefWidth(680);
        box.setPadding(new Insets(4));
        return box;
    }

    /** A word beside a field, never cut short. */
    private static Label unit(String text) {
        Label label = new Label(text);
        label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return label;
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_BOLD);
        return label;
    }

    private void showSourceFields() {
        sourceFields.getChildren().clear();
        sourceFields.setHgap(12);
        sourceFields.setVgap(8);
        switch (selectedKind()) {
            case IMAGE -> row(sourceFields, 0, "Image", image, "Pulled on the node. For a private registry, add its login with"
                    + " 'homeport registry add' and choose it with 'homeport service set --registry'.");
            case GIT -> {
                row(sourceFields, 0, "Repository", gitUrl, "Cloned on the node. For a private repository, give a deploy key or a token"
                        + " with 'homeport service set --deploy-key' or '--git-token-file'; they are kept here when you edit.");
                row(sourceFields, 1, "Branch, tag or commit", gitRef, null);
                row(sourceFields, 2, "Dockerfile", dockerfile, null);
                row(sourceFields, 3, "Build context", context, "A folder inside the repository, for monorepos.");
            }
            case FOLDER -> {
                Button browse = new Button("Browse…");
                browse.setOnAction(e -> {
                    DirectoryChooser chooser = new DirectoryChooser();
                    chooser.setTitle("Folder to build");
                    File chosen = chooser.showDialog(dialog.getOwner());
                    if (chosen != null) {
                        folder.setText(chosen.getAbsolutePath());
                    }
                });
                HBox withBrowse = new HBox(8, folder, browse);
                HBox.setHgrow(folder, Priority.ALWAYS);
                row(sourceFields, 0, "Folder", withBrowse, "Streamed to the node as the build context; .dockerignore is honoured.");
                row(sourceFields, 1, "Dockerfile", dockerfile, null);
            }
        }
        dialog.getDialogPane().getScene();
        if (dialog.getDialogPane().getScene() != null) {
            dialog.getDialogPane().getScene().getWindow().sizeToScene();
        }
    }

    private void validate() {
        try {
            result = build();
            problem.setText("");
        } catch (ValidationException e) {
            result = null;
            problem.setText(FIELD_NAMES.getOrDefault(e.field(), e.field()) + ": " + e.rule());
        } catch (NumberFormatException e) {
            result = null;
            problem.setText(e.getMessage());
        }
        dialog.getDialogPane().lookupButton(ButtonType.OK).setDisable(result == null);
    }

    /** The model's field names in the words of this dialog. */
    private static final Map<String, String> FIELD_NAMES = Map.of("healthTimeout", "Health check timeout", "keepReleases", "Releases kept",
            "drain", "Drain time", "healthGate", "Health check", "healthCheckPath", "Health check path", "cpuLimit", "CPUs",
            "memoryLimitMb", "Memory", "replicas", "Replicas", "pinnedNode", "Node to keep the replicas on");

    private Service build() {
        ServiceSource source = switch (selectedKind()) {
            case IMAGE -> new ServiceSource.Image(image.getText().strip(),
                    existing != null && existing.source() instanceof ServiceSource.Image i ? i.registryCredentialId() : null);
            // A deploy key or token set elsewhere (the command line) stays as it was.
            case GIT -> existing != null && existing.source() instanceof ServiceSource.Git g
                    ? new ServiceSource.Git(gitUrl.getText().strip(), blankToNull(gitRef), blankToNull(dockerfile), blankToNull(context),
                            g.deployKeyId(), g.token())
                    : new ServiceSource.Git(gitUrl.getText().strip(), blankToNull(gitRef), blankToNull(dockerfile), blankToNull(context));
            case FOLDER -> new ServiceSource.Folder(folder.getText().strip(), blankToNull(dockerfile));
        };
        DeployOptions options = new DeployOptions(gate.getValue().orElse(null),
                whole("healthTimeout", healthTimeout, DeployOptions.DEFAULT_HEALTH_TIMEOUT_SECONDS), restart.getValue(), volumeList(),
                whole("keepReleases", keepReleases, DeployOptions.DEFAULT_KEEP_RELEASES), whole("drain", drain, DeployOptions.DEFAULT_DRAIN_SECONDS),
                whole("replicas", replicas, DeployOptions.DEFAULT_REPLICAS), blankToNull(pinnedNode));
        return new Service(existing == null ? 0 : existing.id(), existing == null ? 0 : existing.environmentId(), name.getText().strip(),
                source, integer("port", port), blankToNull(healthPath), decimal("cpus", cpus), memoryLimit(), options);
    }

    /** One volume a line; a bad line is named by its number. */
    private List<Volume> volumeList() {
        List<Volume> list = new ArrayList<>();
        List<String> lines = volumes.getText().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                list.add(Volume.parse(lines.get(i).strip()));
            } catch (ValidationException e) {
                throw new ValidationException("Volumes, line " + (i + 1), e.rule());
            }
        }
        return list;
    }

    private static int whole(String what, TextField field, int fallback) {
        Integer value = integer(what, field);
        return value == null ? fallback : value;
    }

    private void fill(Service service) {
        name.setText(service.name());
        kind.getToggles().stream().filter(t -> t.getUserData() == service.kind()).findFirst().ifPresent(t -> t.setSelected(true));
        switch (service.source()) {
            case ServiceSource.Image i -> image.setText(i.image());
            case ServiceSource.Git g -> {
                gitUrl.setText(g.url());
                gitRef.setText(g.ref());
                dockerfile.setText(g.dockerfile());
                context.setText(g.context());
            }
            case ServiceSource.Folder f -> {
                folder.setText(f.path());
                dockerfile.setText(f.dockerfile());
            }
        }
        port.setText(service.port() == null ? "" : service.port().toString());
        healthPath.setText(service.healthCheckPath());
        cpus.setText(service.cpuLimit() == null ? "" : service.cpuLimit().toString());
        memory.setText(service.memoryLimitMb() == null ? "" : service.memoryLimitMb().toString());
        DeployOptions options = service.options();
        gate.setValue(Optional.ofNullable(options.healthGate()));
        healthTimeout.setText(Integer.toString(options.healthTimeoutSeconds()));
        restart.setValue(options.restart());
        volumes.setText(String.join("\n", options.volumes().stream().map(Volume::toString).toList()));
        keepReleases.setText(Integer.toString(options.keepReleases()));
        drain.setText(Integer.toString(options.drainSeconds()));
        replicas.setText(Integer.toString(options.replicas()));
        pinnedNode.setText(options.pinnedNode() == null ? "" : options.pinnedNode());
    }

    private ServiceKind selectedKind() {
        return kind.getSelectedToggle() == null ? ServiceKind.IMAGE : (ServiceKind) kind.getSelectedToggle().getUserData();
    }

    private static Integer integer(String what, TextField field) {
        String text = field.getText().strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new ValidationException(what, "must be a whole number, got '" + text + "'");
        }
    }

    /** Blank is unlimited; anything else is read as the command line's --memory is. */
    private Integer memoryLimit() {
        return memory.getText().isBlank() ? null : Service.parseMemoryLimitMb(memory.getText());
    }

    private static Double decimal(String what, TextField field) {
        String text = field.getText().strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Double.valueOf(text);
        } catch (NumberFormatException e) {
            throw new ValidationException(what, "must be a number such as 0.5, got '" + text + "'");
        }
    }

    private static String blankToNull(TextField field) {
        return field.getText().isBlank() ? null : field.getText().strip();
    }

    private static TextField field(String id, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        return field;
    }

    private static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        return grid;
    }

    private static void row(GridPane grid, int row, String label, Node field, String hint) {
        Label caption = new Label(label);
        caption.setMinWidth(150);
        GridPane.setHgrow(field, Priority.ALWAYS);
        if (field instanceof TextField text) {
            text.setPrefColumnCount(28);
        }
        grid.add(caption, 0, row * 2);
        grid.add(field, 1, row * 2);
        if (hint != null) {
            Label hintLabel = new Label(hint);
            hintLabel.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            hintLabel.setWrapText(true);
            grid.add(hintLabel, 1, row * 2 + 1);
        }
    }

    private static VBox labelled(String label, Node field) {
        return new VBox(6, new Label(label), field);
    }
}
