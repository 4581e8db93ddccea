package dev.homeport.app.desktop.nodes;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.SshIdentity;
import dev.homeport.model.ValidationException;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.nodes.NodeService.ConnectionReport;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.NodeException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * Adds a Worker Node: by an alias of ~/.ssh/config or by host, port and user,
 * with a chosen identity. The input is checked as the user types. Test
 * connection runs in the background (with Cancel); an unknown host key is
 * shown for the user to check and trust; Add is enabled only after a
 * successful test of the input as it is, and pins the key the test saw.
 * A failed test keeps the dialog open with the reason, to fix and try again.
 */
final class AddNodeDialog {
    private static final ButtonType TEST = new ButtonType("Test connection", ButtonBar.ButtonData.OTHER);
    private static final ButtonType ADD = new ButtonType("Add", ButtonBar.ButtonData.OK_DONE);
    private static final ButtonType ADD_UNTESTED = new ButtonType("Add without testing", ButtonBar.ButtonData.LEFT);

    /** A successful test: the node as tested, and what the test found. */
    private record Tested(WorkerNode node, ConnectionReport report) {
    }

    private final MainModel main;
    private final Collection<String> taken;
    private final Dialog<WorkerNode> dialog = new Dialog<>();
    private final TextField name = FormRows.field("node-name", "web-1");
    private final AddressForm address;
    private final IdentityForm identity;
    private final Label problem = Dialogs.errorLabel("node-problem");
    private final ConnectionTestPane testPane = new ConnectionTestPane();
    /** The node the last test connected as; its connection is closed before the next test, or when the dialog closes unsaved. */
    private final AtomicReference<WorkerNode> lastTried = new AtomicReference<>();
    private boolean nameEdited;
    private boolean suggestingName;
    private int generation;
    private Tested tested;
    private Task<?> running;
    private WorkerNode saved;

    AddNodeDialog(MainModel main, Window owner, Collection<String> taken) {
        this.main = main;
        this.taken = List.copyOf(taken);
        this.address = new AddressForm(main.tasks());
        this.identity = new IdentityForm(this::window);
        dialog.initOwner(owner);
        dialog.setTitle("Add worker node");
        dialog.setHeaderText("Add a worker node");
        dialog.setGraphic(Ui.icon(Feather.SERVER));
        dialog.getDialogPane().setId("add-node-dialog");
        // The theme caps dialogs at 600 px in its stylesheet (which wins over a setter); this one needs
        // room for its four buttons and the fingerprints. A size, not a colour.
        dialog.getDialogPane().setStyle("-fx-max-width: 760px;");
        dialog.setOnShown(e -> FormRows.resizeWindow(dialog.getDialogPane()));
        dialog.getDialogPane().setContent(content());
        dialog.getDialogPane().getButtonTypes().addAll(ADD_UNTESTED, ButtonType.CANCEL, TEST, ADD);
        dialog.getDialogPane().lookupButton(ADD).getStyleClass().add(Styles.ACCENT);
        dialog.getDialogPane().lookupButton(TEST).addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            test();
        });
        dialog.getDialogPane().lookupButton(ADD).addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            save(false);
        });
        dialog.getDialogPane().lookupButton(ADD_UNTESTED).addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            save(true);
        });
        dialog.setResultConverter(button -> saved);
        dialog.setOnHidden(e -> closed());
        name.textProperty().addListener((obs, old, now) -> {
            nameEdited |= !suggestingName;
            inputChanged();
        });
        address.addressProperty().addListener((obs, old, now) -> {
            identity.suggestFor(address.aliasMode());
            suggestName(now);
            inputChanged();
        });
        identity.identityProperty().addListener((obs, old, now) -> inputChanged());
        testPane.hint("Test the connection before adding the node: Homeport logs in, checks the host key, and asks the node who and what it is.");
        validate();
        readWhatIsThere();
    }

    /** Shows the dialog; the node it added, if any. */
    Optional<WorkerNode> ask() {
        return dialog.showAndWait();
    }

    private Node content() {
        GridPane naming = FormRows.grid();
        FormRows.add(naming, 0, "Name", name, "Lower-case letters, digits and hyphens: how Homeport names this node.");
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        problem.visibleProperty().bind(problem.managedProperty());
        VBox box = new VBox(14, naming, address.build(), identity.build(), problem, new Separator(), testPane);
        box.setPrefWidth(680);
        return box;
    }

    private Window window() {
        return dialog.getDialogPane().getScene() == null ? dialog.getOwner() : dialog.getDialogPane().getScene().getWindow();
    }

    /** What the dialog offers by default, read in the background: the vault's keys, ~/.ssh/id_ed25519, ~/.ssh/config. */
    private void readWhatIsThere() {
        record Found(List<SshIdentity> identities, Path defaultKey, boolean hasSshConfig) {
        }
        Path defaultKey = IdentityForm.sshFolder().resolve("id_ed25519");
        main.tasks().run("Reading SSH identities", () -> new Found(main.homeport().keys().identities(),
                        Files.isRegularFile(defaultKey) ? defaultKey : null, Files.isRegularFile(AddressForm.sshConfig())))
                .onSuccess(found -> {
                    boolean untouched = generation == 0;
                    identity.offer(found.identities(), found.defaultKey());
                    if (found.hasSshConfig() && untouched) {
                        address.useAlias(true);
                    }
                })
                .start();
    }

    private NodeDraft draft() {
        return new NodeDraft(name.getText(), address.addressProperty().get(), identity.identityProperty().get());
    }

    private void suggestName(NodeDraft.Address now) {
        if (nameEdited) {
            return;
        }
        String from = switch (now) {
            case NodeDraft.Address.Alias alias -> alias.alias();
            case NodeDraft.Address.Direct direct -> direct.host();
        };
        suggestingName = true;
        name.setText(NodeDraft.suggestName(from));
        suggestingName = false;
    }

    /** Any change makes an earlier test result stale: Add needs a test of the input as it is now. */
    private void inputChanged() {
        generation++;
        if (tested != null) {
            tested = null;
            testPane.hint("The input changed since the last test. Test the connection again to add the node.");
        }
        validate();
    }

    /** Checks the input as the store would, shows the first problem, and enables what can be done; the node, or null. */
    private WorkerNode validate() {
        NodeDraft draft = draft();
        WorkerNode node = null;
        if (draft.resolving()) {
            problem.setText("");
        } else {
            try {
                node = draft.node(taken, null);
                problem.setText("");
            } catch (ValidationException e) {
                problem.setText(e.field() + ": " + e.rule());
            }
        }
        boolean busy = running != null;
        dialog.getDialogPane().lookupButton(TEST).setDisable(node == null || busy);
        dialog.getDialogPane().lookupButton(ADD_UNTESTED).setDisable(node == null || busy);
        dialog.getDialogPane().lookupButton(ADD).setDisable(tested == null || busy);
        FormRows.resizeWindow(problem);
        return node;
    }

    private void test() {
        NodeDraft draft = draft();
        WorkerNode checked = validate();
        if (checked == null || running != null) {
            return;
        }
        int at = generation;
        boolean storePassword = draft.identity().kind() == NodeDraft.IdentityKind.PASSWORD && draft.identity().storePassword();
        Prompts prompts = prompts(draft);
        Task<?>[] task = new Task<?>[1];
        task[0] = main.tasks().run("Testing the connection to " + checked.address(), () -> {
                    NodeService service = main.homeport().nodeService();
                    closeConnection(service, lastTried.getAndSet(null));
                    WorkerNode node = draft.node(taken, storePassword ? main.homeport().nodes().sealPassword(Secret.of(draft.identity().password())) : null);
                    lastTried.set(node);
                    return new Tested(node, service.test(node, prompts));
                })
                .onSuccess(result -> {
                    if (at == generation) {
                        tested = result;
                        testPane.success(result.report());
                    } else {
                        testPane.hint("The input changed during the test. Test the connection again to add the node.");
                    }
                })
                .onFailure(failure -> failed(failure, at))
                .andFinally(() -> {
                    running = null;
                    if (task[0].isCancelled()) {
                        testPane.hint("Test cancelled. Nothing was saved.");
                    }
                    validate();
                })
                .start();
        running = task[0];
        testPane.testing(checked.address(), () -> task[0].cancel());
        validate();
    }

    private void failed(Throwable failure, int at) {
        if (at != generation) {
            testPane.hint("The input changed during the test. Test the connection again.");
            return;
        }
        if (failure instanceof HostKeyException unknown && unknown.reason() == HostKeyException.Reason.UNKNOWN) {
            testPane.warning("Unknown host key", unknown.getMessage());
            // After this task has finished (and the buttons are enabled again), ask.
            Platform.runLater(() -> confirmHostKey(unknown, at));
            return;
        }
        if (failure instanceof HostKeyException changed && changed.reason() == HostKeyException.Reason.CHANGED) {
            testPane.failed("Host key changed", NodeMessages.changed(changed) + "\n\nIf you know why it changed, add the node "
                    + "without testing, then use Replace pinned key… on the Worker Nodes page.");
            return;
        }
        testPane.failed(title(failure), NodeMessages.of(failure));
    }

    private void confirmHostKey(HostKeyException unknown, int at) {
        if (at != generation || !dialog.isShowing()) {
            return;
        }
        if (!HostKeyDialogs.confirmUnknown(window(), unknown, null)) {
            testPane.failed("Host key not trusted", "You did not trust the key, so Homeport did not log in. The server presented: "
                    + unknown.presented().describe() + ". Check it on the server, then test again.");
            return;
        }
        main.tasks().run("Trusting the host key of " + unknown.host(), () -> main.homeport().nodeService().trustHostKey(unknown))
                .onSuccess(done -> test())
                .onFailure(failure -> testPane.failed("Cannot trust the key", NodeMessages.of(failure)))
                .start();
    }

    /** Saves the tested node with the host key the test saw, or (clearly labelled) the node untested. */
    private void save(boolean untested) {
        NodeDraft draft = draft();
        if (running != null || validate() == null || !untested && tested == null) {
            return;
        }
        Tested result = tested;
        boolean storePassword = draft.identity().kind() == NodeDraft.IdentityKind.PASSWORD && draft.identity().storePassword();
        running = main.tasks().run("Adding worker node " + draft.name().strip(), () -> {
                    WorkerNode node = untested
                            ? draft.node(taken, storePassword ? main.homeport().nodes().sealPassword(Secret.of(draft.identity().password())) : null)
                            : withHostKey(result.node(), result.report().hostKey());
                    return main.homeport().nodeService().add(node);
                })
                .onSuccess(added -> {
                    saved = added;
                    dialog.setResult(added);
                    dialog.close();
                })
                .onFailure(failure -> testPane.failed("Cannot add the node", NodeMessages.of(failure)))
                .andFinally(() -> {
                    running = null;
                    if (dialog.isShowing()) {
                        validate();
                    }
                })
                .start();
        validate();
    }

    private static WorkerNode withHostKey(WorkerNode node, String hostKey) {
        return new WorkerNode(node.id(), node.name(), node.host(), node.port(), node.user(), node.identity(), hostKey);
    }

    /** Closing without adding stops a running test and closes the connection the tests opened. */
    private void closed() {
        if (running != null) {
            running.cancel();
        }
        WorkerNode tried = lastTried.getAndSet(null);
        if (saved == null && tried != null) {
            main.tasks().run("Closing the test connection", () -> closeConnection(main.homeport().nodeService(), tried)).start();
        }
    }

    private static void closeConnection(NodeService service, WorkerNode tried) {
        if (tried != null) {
            service.disconnect(tried);
        }
    }

    /** The typed password answers the first password question; anything else is asked in a dialog. */
    private Prompts prompts(NodeDraft draft) {
        FxPrompts asking = new FxPrompts(this::window);
        String typed = draft.identity().kind() == NodeDraft.IdentityKind.PASSWORD ? draft.identity().password() : "";
        return new Prompts() {
            @Override
            public Secret keyPassphrase(String keyFile, int attempt) {
                return asking.keyPassphrase(keyFile, attempt);
            }

            @Override
            public Secret password(String userAtHost, int attempt) {
                return attempt == 1 && !typed.isEmpty() ? Secret.of(typed) : asking.password(userAtHost, attempt);
            }
        };
    }

    private static String title(Throwable failure) {
        if (!(failure instanceof NodeException node)) {
            return "The test failed";
        }
        return switch (node.kind()) {
            case UNREACHABLE -> "Host unreachable";
            case REFUSED -> "Connection refused";
            case TIMED_OUT -> "Timed out";
            case AUTH_FAILED -> "Authentication failed";
            case HOST_KEY_REJECTED -> "Host key refused";
            case DISCONNECTED -> "Disconnected";
            case COMMAND_TIMED_OUT -> "The node did not answer the test command";
            case PROTOCOL -> "SSH error";
        };
    }
}
