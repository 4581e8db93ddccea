package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.desktop.services.HealthText;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.HealthGate;
import dev.homeport.model.RegistryCredential;
import dev.homeport.model.SshIdentity;
import dev.homeport.model.RestartPolicy;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceKind;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.ValidationException;
import dev.homeport.model.Volume;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.keys.SshKeys;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.PasswordField;
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
 * valid. A private source is reached as {@code homeport service create/set}
 * reaches it: an image with one of the organisation's registry logins, a git
 * repository with a token (sealed by the caller, never shown again) or a deploy
 * key from the vault (chosen, or generated here with its public key to copy).
 */
final class ServiceDialog {
    /** What the dialog offers besides the form: the vault's SSH identities and the organisation's registry logins. */
    record Choices(List<SshIdentity> identities, List<RegistryCredential> registries) {
        /** Read in the background, before the dialog opens: the service's environment decides the organisation. */
        static Choices read(MainModel model, long environmentId) {
            Inventory inventory = model.homeport().inventory();
            long organisationId = inventory.application(inventory.environment(environmentId).applicationId()).organisationId();
            return new Choices(model.homeport().keys().identities(), inventory.registryCredentials(organisationId));
        }
    }

    /**
     * The dialog's answer: the service, and a git token typed in it (null when none was), which {@link #resolve} seals
     * into the source; until then a new token's source holds no token.
     */
    record Draft(Service service, Secret newToken) {
        /** The service to save: with the typed token sealed in the vault. Runs in the background. */
        Service resolve(Inventory inventory) {
            if (newToken == null) {
                return service;
            }
            ServiceSource.Git g = (ServiceSource.Git) service.source();
            ServiceSource.Git sealed = new ServiceSource.Git(g.url(), g.ref(), g.dockerfile(), g.context(), null, inventory.sealGitToken(newToken));
            return new Service(service.id(), service.environmentId(), service.name(), sealed, service.port(), service.healthCheckPath(),
                    service.cpuLimit(), service.memoryLimitMb(), service.options());
        }
    }

    /** How a git repository is reached. */
    enum GitAccess { PUBLIC, TOKEN, DEPLOY_KEY }

    /** The dialog's header, buttons and title bar, around the form. */
    private static final double DIALOG_FRAME = 200;
    private static final double MIN_FORM_HEIGHT = 300;
    private final Dialog<Draft> dialog = new Dialog<>();
    private final Service existing;
    private final MainModel model;
    private final ChoiceBox<Optional<RegistryCredential>> registry = new ChoiceBox<>();
    private final ToggleGroup gitAccess = new ToggleGroup();
    private final PasswordField gitToken = new PasswordField();
    private final ChoiceBox<SshIdentity> deployKey = new ChoiceBox<>();
    private final TextArea deployPublicKey = new TextArea();
    private final VBox accessFields = new VBox(6);
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
    private final Label problem = Dialogs.errorLabel("service-problem");
    private final GridPane sourceFields = new GridPane();
    private Draft result;

    ServiceDialog(Window owner, Service existing, MainModel model, Choices choices) {
        this.existing = existing;
        this.model = model;
        registry.getItems().add(Optional.empty());
        choices.registries().forEach(c -> registry.getItems().add(Optional.of(c)));
        registry.setValue(Optional.empty());
        deployKey.getItems().setAll(choices.identities());
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
        gitToken.textProperty().addListener((obs, old, now) -> validate());
        registry.valueProperty().addListener((obs, old, now) -> validate());
        deployKey.valueProperty().addListener((obs, old, now) -> {
            deployPublicKey.setText(now == null ? "" : now.publicKey());
            validate();
        });
        gitAccess.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true);
                return;
            }
            showAccessFields();
            validate();
        });
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
        showAccessFields();
        validate();
    }

    Optional<Draft> ask() {
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
        accessControls();

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
            case IMAGE -> {
                row(sourceFields, 0, "Image", image, "Pulled on the node.");
                row(sourceFields, 1, "Registry login", registry, registry.getItems().size() > 1
                        ? "For a private registry: the organisation's login the node's Docker pulls with."
                        : "The organisation has no registry logins; add one in Settings → Registries for a private registry.");
            }
            case GIT -> {
                row(sourceFields, 0, "Repository", gitUrl, "Cloned on the node.");
                row(sourceFields, 1, "Branch, tag or commit", gitRef, null);
                row(sourceFields, 2, "Dockerfile", dockerfile, null);
                row(sourceFields, 3, "Build context", context, "A folder inside the repository, for monorepos.");
                row(sourceFields, 4, "Access", accessFields, null);
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
    private static final Map<String, String> FIELD_NAMES = Map.ofEntries(
            Map.entry("healthTimeout", "Health check timeout"),
            Map.entry("keepReleases", "Releases kept"),
            Map.entry("drain", "Drain time"),
            Map.entry("healthGate", "Health check"),
            Map.entry("healthCheckPath", "Health check path"),
            Map.entry("cpuLimit", "CPUs"),
            Map.entry("memoryLimitMb", "Memory"),
            Map.entry("replicas", "Replicas"),
            Map.entry("pinnedNode", "Node to keep the replicas on"),
            Map.entry("git.deployKey", "Deploy key"),
            Map.entry("git.token", "Token"),
            Map.entry("git.url", "Repository"));

    private Draft build() {
        ServiceSource source = switch (selectedKind()) {
            case IMAGE -> new ServiceSource.Image(image.getText().strip(), registry.getValue().map(RegistryCredential::id).orElse(null));
            case GIT -> gitSource();
            case FOLDER -> new ServiceSource.Folder(folder.getText().strip(), blankToNull(dockerfile));
        };
        DeployOptions options = new DeployOptions(gate.getValue().orElse(null),
                whole("healthTimeout", healthTimeout, DeployOptions.DEFAULT_HEALTH_TIMEOUT_SECONDS), restart.getValue(), volumeList(),
                whole("keepReleases", keepReleases, DeployOptions.DEFAULT_KEEP_RELEASES), whole("drain", drain, DeployOptions.DEFAULT_DRAIN_SECONDS),
                whole("replicas", replicas, DeployOptions.DEFAULT_REPLICAS), blankToNull(pinnedNode));
        Service service = new Service(existing == null ? 0 : existing.id(), existing == null ? 0 : existing.environmentId(), name.getText().strip(),
                source, integer("port", port), blankToNull(healthPath), decimal("cpus", cpus), memoryLimit(), options);
        return new Draft(service, source instanceof ServiceSource.Git && selectedAccess() == GitAccess.TOKEN && !gitToken.getText().isEmpty()
                ? Secret.of(gitToken.getText().strip()) : null);
    }

    /**
     * The git source with the access chosen. A token typed here is not in it yet (the caller seals it, see {@link Draft});
     * the token kept from before stays when none is typed. The rules are the model's: a token needs an https URL, a
     * deploy key an ssh one.
     */
    private ServiceSource.Git gitSource() {
        String url = gitUrl.getText().strip();
        ServiceSource.Git plain = new ServiceSource.Git(url, blankToNull(gitRef), blankToNull(dockerfile), blankToNull(context));
        ServiceSource.Git before = existing != null && existing.source() instanceof ServiceSource.Git g ? g : null;
        return switch (selectedAccess()) {
            case PUBLIC -> plain;
            case DEPLOY_KEY -> {
                if (deployKey.getValue() == null) {
                    throw new ValidationException("git.deployKey", deployKey.getItems().isEmpty()
                            ? "generate one (there are no SSH identities in the vault yet)" : "choose one, or generate one");
                }
                yield new ServiceSource.Git(url, plain.ref(), plain.dockerfile(), plain.context(), deployKey.getValue().id(), null);
            }
            case TOKEN -> {
                if (!gitToken.getText().isEmpty()) {
                    if (gitToken.getText().strip().isEmpty() || gitToken.getText().strip().chars().anyMatch(Character::isWhitespace)) {
                        throw new ValidationException("git.token", "is one word, without spaces or line breaks");
                    }
                    if (!url.startsWith("https://") && !url.startsWith("http://")) {
                        throw new ValidationException("git.token", "a token works with an https:// repository URL, got '" + url + "'");
                    }
                    yield plain; // the typed token is sealed by the caller
                }
                if (before == null || before.token() == null) {
                    throw new ValidationException("git.token", "type the token (a personal or project access token that may read the repository)");
                }
                yield new ServiceSource.Git(url, plain.ref(), plain.dockerfile(), plain.context(), null, before.token());
            }
        };
    }

    private GitAccess selectedAccess() {
        return gitAccess.getSelectedToggle() == null ? GitAccess.PUBLIC : (GitAccess) gitAccess.getSelectedToggle().getUserData();
    }

    /** Public, token or deploy key; a registry choice for images. */
    private void accessControls() {
        registry.setId("image-registry");
        registry.setConverter(new StringConverter<>() {
            @Override
            public String toString(Optional<RegistryCredential> choice) {
                return choice == null ? "" : choice.map(c -> c.username() + " on " + c.registry()).orElse("None (a public image)");
            }

            @Override
            public Optional<RegistryCredential> fromString(String text) {
                throw new UnsupportedOperationException();
            }
        });
        HBox modes = new HBox();
        modes.getStyleClass().add("segmented");
        for (GitAccess access : GitAccess.values()) {
            ToggleButton button = new ToggleButton(switch (access) {
                case PUBLIC -> "Public";
                case TOKEN -> "Token (https)";
                case DEPLOY_KEY -> "Deploy key (ssh)";
            });
            button.setUserData(access);
            button.setToggleGroup(gitAccess);
            button.setId("access-" + access.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            button.getStyleClass().add(access == GitAccess.PUBLIC ? Styles.LEFT_PILL : access == GitAccess.DEPLOY_KEY ? Styles.RIGHT_PILL : Styles.CENTER_PILL);
            modes.getChildren().add(button);
        }
        gitAccess.getToggles().getFirst().setSelected(true);
        gitToken.setId("git-token");
        deployKey.setId("deploy-key");
        deployKey.setConverter(new StringConverter<>() {
            @Override
            public String toString(SshIdentity identity) {
                return identity == null ? "" : identity.name();
            }

            @Override
            public SshIdentity fromString(String text) {
                throw new UnsupportedOperationException();
            }
        });
        deployPublicKey.setId("deploy-public-key");
        deployPublicKey.setEditable(false);
        deployPublicKey.setWrapText(true);
        deployPublicKey.setPrefRowCount(2);
        accessFields.getProperties().put("modes", modes);
    }

    private void showAccessFields() {
        Node modes = (Node) accessFields.getProperties().get("modes");
        ServiceSource.Git before = existing != null && existing.source() instanceof ServiceSource.Git g ? g : null;
        switch (selectedAccess()) {
            case PUBLIC -> accessFields.getChildren().setAll(modes, hint("Anyone may clone it; nothing is kept."));
            case TOKEN -> {
                gitToken.setPromptText(before != null && before.token() != null ? "kept, never shown; type a new one to replace it"
                        : "an access token that may read the repository");
                accessFields.getChildren().setAll(modes, gitToken, hint("Sealed in the vault, never shown; the node clones with it"
                        + " over https without it reaching a command line."));
            }
            case DEPLOY_KEY -> {
                Button generate = Ui.button("Generate…", org.kordamp.ikonli.feather.Feather.PLUS, this::generateDeployKey);
                generate.setId("generate-deploy-key");
                Button copy = Ui.button("Copy", org.kordamp.ikonli.feather.Feather.COPY, () -> {
                    javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
                    content.putString(deployPublicKey.getText());
                    javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
                });
                copy.setId("copy-deploy-key");
                copy.disableProperty().bind(deployKey.valueProperty().isNull());
                HBox chooser = new HBox(8, deployKey, generate);
                chooser.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
                HBox publicKey = new HBox(8, deployPublicKey, copy);
                HBox.setHgrow(deployPublicKey, Priority.ALWAYS);
                accessFields.getChildren().setAll(modes, chooser, publicKey, hint("An SSH key from the vault. Add its public key to the"
                        + " repository as a read-only deploy key (GitHub: Settings → Deploy keys)."));
            }
        }
        if (dialog.getDialogPane().getScene() != null) {
            dialog.getDialogPane().getScene().getWindow().sizeToScene();
        }
    }

    /** Generates an ed25519 key into the vault, named after the service, and chooses it. */
    private void generateDeployKey() {
        String suggested = (name.getText().isBlank() ? "service" : name.getText().strip()) + "-deploy";
        java.util.Set<String> taken = new java.util.HashSet<>(deployKey.getItems().stream().map(SshIdentity::name).toList());
        Dialogs.askName(dialog.getDialogPane().getScene().getWindow(), "Generate a deploy key",
                        "An ed25519 key kept in Homeport's vault. Its name:", suggested,
                        text -> {
                            String problem = InventoryActions.nameProblem(text);
                            return problem != null ? problem : taken.contains(text) ? "An identity named '" + text + "' already exists." : null;
                        })
                .ifPresent(keyName -> model.tasks().run("Generating the deploy key " + keyName, () -> {
                            SshKeys.KeyText key = SshKeys.generateEd25519("homeport-deploy-" + keyName, null);
                            return model.homeport().keys().add(keyName, key.publicKey(), key.privateKey());
                        })
                        .onSuccess(added -> {
                            deployKey.getItems().add(added);
                            deployKey.setValue(added);
                        })
                        .onFailure(failure -> Dialogs.error(dialog.getDialogPane().getScene().getWindow(), "Cannot generate the key", failure))
                        .start());
    }

    private static Label hint(String text) {
        Label label = new Label(text);
        label.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        label.setWrapText(true);
        return label;
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
            case ServiceSource.Image i -> {
                image.setText(i.image());
                registry.getItems().stream().filter(c -> c.isPresent() && i.registryCredentialId() != null
                        && c.get().id() == i.registryCredentialId()).findFirst().ifPresent(registry::setValue);
            }
            case ServiceSource.Git g -> {
                GitAccess access = g.deployKeyId() != null ? GitAccess.DEPLOY_KEY : g.token() != null ? GitAccess.TOKEN : GitAccess.PUBLIC;
                gitAccess.getToggles().stream().filter(t -> t.getUserData() == access).findFirst().ifPresent(t -> t.setSelected(true));
                deployKey.getItems().stream().filter(k -> g.deployKeyId() != null && k.id() == g.deployKeyId()).findFirst()
                        .ifPresent(deployKey::setValue);
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
