package dev.homeport.app.desktop.settings;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.Organisation;
import dev.homeport.model.RegistryCredential;
import dev.homeport.ssh.nodes.RegistryLoginCheck;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Registries section's "Test login": the selected login, checked from a node's Docker (as {@code homeport registry
 * test} does) in a background task, with a spinner while it runs; the result, or what was refused, in the status line.
 */
final class RegistryLoginTester {
    private final MainModel model;
    private final Window owner;
    private final Label status;
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final ProgressIndicator spinner = new ProgressIndicator();

    RegistryLoginTester(MainModel model, Window owner, Label status) {
        this.model = model;
        this.owner = owner;
        this.status = status;
    }

    /** The button, enabled while a login is selected and no test runs. */
    Button button(Supplier<Organisation> organisation, ObservableValue<RegistryCredential> selected) {
        Button test = Ui.button("Test login", Feather.LOG_IN, () -> test(organisation.get(), selected.getValue()));
        test.setId("test-registry");
        test.disableProperty().bind(running.or(javafx.beans.binding.Bindings.createBooleanBinding(() -> selected.getValue() == null, selected)));
        return test;
    }

    /** Shown while a test runs. */
    ProgressIndicator spinner() {
        spinner.setId("test-registry-progress");
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(running);
        spinner.managedProperty().bind(running);
        return spinner;
    }

    private void test(Organisation org, RegistryCredential login) {
        if (org == null || login == null) {
            return;
        }
        running.set(true);
        show("Testing the login to " + login.registry() + "…", null);
        RegistryLoginCheck check = model.homeport().registryLogins();
        FxPrompts prompts = new FxPrompts(owner);
        model.tasks().reporting("Testing the login to " + login.registry(), progress -> {
                    var node = check.nodeFor(org);
                    progress.accept("Logging in to " + login.registry() + " from node " + node.name() + "…");
                    return check.test(org.id(), login.registry(), node.name(), prompts);
                })
                .onSuccess(worked -> show(worked.summary(), Styles.SUCCESS))
                .onFailure(failure -> show(failure.getMessage() == null ? failure.toString() : failure.getMessage(), Styles.DANGER))
                .andFinally(() -> running.set(false))
                .start();
    }

    private void show(String text, String style) {
        status.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        if (style != null) {
            status.getStyleClass().add(style);
        }
        status.setText(text);
    }
}
