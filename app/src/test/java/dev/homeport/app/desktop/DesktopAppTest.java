package dev.homeport.app.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.CrashLoopPolicy;
import dev.homeport.model.LogViewBound;
import dev.homeport.model.RetentionPolicy;
import dev.homeport.ssh.logs.LogStore;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeView;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Drives the real desktop app under the X display, against a real store in a temporary folder. */
@NeedsDisplay
class DesktopAppTest {
    @TempDir
    Path folder;
    private final FxRobot robot = new FxRobot();
    private Stage stage;
    private DesktopApp app;
    private CountDownLatch exited;

    @BeforeEach
    void registerStage() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeApp() throws Exception {
        if (app != null && exited.getCount() > 0) {
            close();
        }
    }

    private void launch() throws Exception {
        exited = new CountDownLatch(1);
        CountDownLatch done = exited;
        // The primary stage is shared between tests: clear the last app's scene so only the new one can match.
        robot.interact(() -> stage.setScene(null));
        app = (DesktopApp) FxToolkit.setupApplication(() -> new DesktopApp(new HomeportHome(folder), done::countDown));
        waitFor(() -> stage.getScene() != null && stage.getScene().getRoot() instanceof MainView);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Clicks a node of the main window, found by CSS id or by its text. */
    private void click(String query) {
        // The scene graph is built on the FX thread; let it finish before looking from this one.
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node node = inWindow(query).query();
        robot.clickOn(node);
    }

    private org.testfx.service.query.NodeQuery inWindow(String query) {
        return robot.from(stage.getScene().getRoot()).lookup(query);
    }

    private boolean shows(String query) {
        return inWindow(query).tryQuery().isPresent();
    }

    /** Closes the window as the user does, and waits until the store is closed. */
    private void close() throws Exception {
        robot.interact(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        assertThat(exited.await(20, TimeUnit.SECONDS)).as("the app closed its store").isTrue();
        FxToolkit.cleanupApplication(app);
    }

    @Test
    void createsTheHierarchyThroughTheUiAndFindsItAfterARestart() throws Exception {
        launch();
        assertThat(shows("Welcome to Homeport")).isTrue();

        createOrganisationApplicationAndEnvironment();
        click("New service");
        // The dialog opens once the vault's SSH identities and the organisation's registry logins are read.
        waitFor(() -> robot.lookup("#name").tryQuery().isPresent());
        type("#name", "web");
        type("#image", "nginx:1.27");
        type("#port", "8080");
        robot.clickOn(okButton());
        waitForTitle("web");
        TabPane tabs = inWindow("#service-tabs").queryAs(TabPane.class);
        assertThat(tabs.getTabs()).extracting(t -> t.getText())
                .containsExactly("Overview", "Deployments", "Logs", "Metrics", "Variables", "Domains", "Settings");
        waitFor(() -> shows("#service-overview"));
        javafx.scene.layout.GridPane overview = inWindow("#service-overview").queryAs(javafx.scene.layout.GridPane.class);
        assertThat(overview.getChildren()).filteredOn(Label.class::isInstance).extracting(n -> ((Label) n).getText())
                .contains("Image", "nginx:1.27", "8080", "GET / answers 2xx or 3xx (waits up to 60 s)");

        robot.interact(() -> {
            stage.setMaximized(false);
            stage.setWidth(1010);
            stage.setHeight(690);
        });
        close();

        launch();
        waitFor(() -> treeSize() == 4);
        assertThat(treeNames()).containsExactly("acme", "shop", "prod", "web");
        waitForTitle("web");
        assertThat(stage.getWidth()).isEqualTo(1010);
        assertThat(stage.getHeight()).isEqualTo(690);
    }

    @Test
    void deployOptionsAreCheckedAsTheyAreTypedAndShownOnTheOverview() throws Exception {
        launch();
        createOrganisationApplicationAndEnvironment();
        click("New service");
        // The dialog opens once the vault's SSH identities and the organisation's registry logins are read.
        waitFor(() -> robot.lookup("#name").tryQuery().isPresent());
        type("#name", "worker");
        type("#image", "nginx:1.27");
        Label problem = robot.lookup("#service-problem").queryAs(Label.class);
        assertThat(problem.getText()).isEmpty();

        // A health check that needs a port, on a service without one.
        ChoiceBox<java.util.Optional<dev.homeport.model.HealthGate>> gate = robot.lookup("#health-gate").queryAs(ChoiceBox.class);
        robot.interact(() -> gate.setValue(java.util.Optional.of(dev.homeport.model.HealthGate.TCP)));
        assertThat(problem.getText()).startsWith("Health check: ").contains("health check needs the service's port");
        assertThat(okButton().isDisabled()).isTrue();
        robot.interact(() -> gate.setValue(java.util.Optional.of(dev.homeport.model.HealthGate.RUNNING)));
        assertThat(problem.getText()).isEmpty();

        fill("#keep-releases", "0");
        assertThat(problem.getText()).isEqualTo("Releases kept: must be between 1 and 100, got 0");
        fill("#keep-releases", "3");
        fill("#volumes", "data:/var/lib/app\nuploads");
        assertThat(problem.getText()).startsWith("Volumes, line 2: must be SOURCE:TARGET");
        assertThat(okButton().isDisabled()).isTrue();
        fill("#volumes", "data:/var/lib/app\n/srv/uploads:/uploads:ro");
        fill("#drain", "0");
        assertThat(problem.getText()).isEmpty();
        // The same sizes and the same words as the command line's --memory.
        fill("#memory", "2 TB");
        assertThat(problem.getText()).isEqualTo("Memory: must be a size such as 256m, 1g or 512 (megabytes), got '2 TB'");
        assertThat(okButton().isDisabled()).isTrue();
        fill("#memory", "1g");
        assertThat(problem.getText()).isEmpty();
        robot.clickOn(okButton());
        waitForTitle("worker");
        waitFor(() -> shows("#service-overview"));
        javafx.scene.layout.GridPane overview = inWindow("#service-overview").queryAs(javafx.scene.layout.GridPane.class);
        assertThat(overview.getChildren()).filteredOn(Label.class::isInstance).extracting(n -> ((Label) n).getText())
                .contains("the container keeps running (waits up to 60 s)", "data:/var/lib/app\n/srv/uploads:/uploads:ro",
                        "keeps 3 for rollback; the old one drains for 0 s", "1024 MB");
    }

    /** Replaces a field's text in the open dialog. */
    private void fill(String query, String text) {
        javafx.scene.control.TextInputControl field = robot.lookup(query).queryAs(javafx.scene.control.TextInputControl.class);
        robot.interact(() -> field.setText(text));
    }

    @Test
    void aBadNameIsExplainedAndCannotBeSubmitted() throws Exception {
        launch();
        click("#new-organisation");
        type("#name-field", "Acme");
        Label error = robot.lookup("#name-error").queryAs(Label.class);
        assertThat(error.getText()).isEqualTo("The name must be lower-case, got 'Acme'.");
        assertThat(okButton().isDisabled()).isTrue();
        robot.eraseText(4).write("-acme");
        assertThat(error.getText()).isEqualTo("The name must not start or end with a hyphen.");
        robot.eraseText(5).write("acme");
        assertThat(error.getText()).isEmpty();
        assertThat(okButton().isDisabled()).isFalse();
        robot.clickOn(dialogButton("Cancel"));
        assertThat(treeSize()).isZero();
    }

    @Test
    void deleteNamesEverythingItRemovesAndAsksFirst() throws Exception {
        launch();
        createOrganisationApplicationAndEnvironment();

        click("acme");
        waitForTitle("acme");
        click("Delete");
        waitFor(() -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        assertThat(robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class).getHeaderText()).isEqualTo("Delete organisation 'acme'?");
        String text = robot.lookup("#delete-plan").queryLabeled().getText();
        assertThat(text).contains("1 application: acme/shop", "1 environment: acme/shop/prod");
        // No service, so nothing runs on a node and there is nothing to undeploy.
        assertThat(robot.lookup("#delete-node-plan").queryLabeled().getText()).contains("Nothing of it runs on any node.");
        assertThat(robot.lookup("#delete-undeploy").queryAs(javafx.scene.control.CheckBox.class).isDisabled()).isTrue();
        robot.clickOn(dialogButton("Cancel"));
        assertThat(treeSize()).isEqualTo(3);

        click("Delete");
        waitFor(() -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        robot.clickOn(dialogButton("Delete"));
        waitFor(() -> treeSize() == 0);
        assertThat(shows("Welcome to Homeport")).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOrganisationsAcmeEmailAndCaAreCheckedAsTypedAndSaved() throws Exception {
        launch();
        createOrganisationApplicationAndEnvironment();
        click("acme");
        waitForTitle("acme");
        waitFor(() -> shows("#acme-ca"));
        ChoiceBox<Object> ca = inWindow("#acme-ca").queryAs(ChoiceBox.class);
        javafx.scene.control.TextField directory = inWindow("#acme-directory").queryAs(javafx.scene.control.TextField.class);
        Label status = inWindow("#acme-status").queryAs(Label.class);
        Button save = inWindow("#acme-save").queryButton();
        assertThat(ca.getValue()).hasToString("Let's Encrypt");
        assertThat(directory.isVisible()).isFalse();
        assertThat(save.isDisabled()).isTrue();

        type("#acme-email", "ops@acme.test");
        robot.interact(() -> ca.setValue(ca.getItems().get(2)));
        assertThat(directory.isVisible()).isTrue();
        assertThat(status.getText()).startsWith("Enter the directory URL of the ACME CA");
        fill("#acme-directory", "http://ca.acme.test/directory");
        assertThat(status.getText()).isEqualTo("Directory URL: must be an https:// URL, got 'http://ca.acme.test/directory'");
        assertThat(save.isDisabled()).isTrue();
        fill("#acme-directory", "https://ca.acme.test/acme/acme/directory");
        assertThat(status.getText()).isEmpty();
        assertThat(save.isDisabled()).isFalse();
        fire("#acme-save");
        waitFor(() -> status.getText().startsWith("Saved."));
        close();
        try (Homeport homeport = Homeport.open(new HomeportHome(folder), null)) {
            assertThat(homeport.inventory().organisations().getFirst()).isEqualTo(new dev.homeport.model.Organisation(
                    homeport.inventory().organisations().getFirst().id(), "acme", "ops@acme.test", "https://ca.acme.test/acme/acme/directory"));
        }

        launch();
        waitFor(() -> treeSize() == 3);
        click("acme");
        waitForTitle("acme");
        waitFor(() -> shows("#acme-ca"));
        ChoiceBox<Object> reopened = inWindow("#acme-ca").queryAs(ChoiceBox.class);
        assertThat(reopened.getValue()).hasToString("Other ACME CA (directory URL)");
        assertThat(inWindow("#acme-directory").queryAs(javafx.scene.control.TextField.class).getText())
                .isEqualTo("https://ca.acme.test/acme/acme/directory");
        Label saved = inWindow("#acme-status").queryAs(Label.class);
        robot.interact(() -> reopened.setValue(reopened.getItems().get(1)));
        fire("#acme-save");
        waitFor(() -> saved.getText().startsWith("Saved."));
        close();
        try (Homeport homeport = Homeport.open(new HomeportHome(folder), null)) {
            assertThat(homeport.inventory().organisations().getFirst().acmeDirectory())
                    .isEqualTo(dev.homeport.model.Organisation.LETS_ENCRYPT_STAGING);
            assertThat(homeport.inventory().organisations().getFirst().acmeEmail()).isEqualTo("ops@acme.test");
        }
    }

    @Test
    void theThemeCanBeSwitchedAndIsRemembered() throws Exception {
        launch();
        click("#section-settings");
        waitFor(() -> shows("#theme-choice"));
        ChoiceBox<ThemeChoice> choice = inWindow("#theme-choice").queryAs(ChoiceBox.class);
        robot.interact(() -> choice.setValue(ThemeChoice.DARK));
        assertThat(Application.getUserAgentStylesheet()).contains("primer-dark");
        robot.interact(() -> choice.setValue(ThemeChoice.LIGHT));
        assertThat(Application.getUserAgentStylesheet()).contains("primer-light");
        robot.interact(() -> choice.setValue(ThemeChoice.DARK));
        close();
        launch();
        assertThat(Application.getUserAgentStylesheet()).contains("primer-dark");
    }

    @Test
    void aSecondAppOnTheSameStoreSaysWhoHasIt() throws Exception {
        try (var holder = dev.homeport.app.Homeport.open(new HomeportHome(folder), null)) {
            exited = new CountDownLatch(1);
            CountDownLatch done = exited;
            robot.interact(() -> stage.setScene(null));
            app = (DesktopApp) FxToolkit.setupApplication(() -> new DesktopApp(new HomeportHome(folder), done::countDown));
            waitFor(() -> stage.getScene() != null && shows("#startup-error"));
            assertThat(shows("Homeport cannot open its store")).isTrue();
            assertThat(robot.from(stage.getScene().getRoot()).lookup((Label l) -> l.getText().contains("has the store in " + folder)).tryQuery()).isPresent();
            click("Quit");
            assertThat(exited.await(10, TimeUnit.SECONDS)).isTrue();
            FxToolkit.cleanupApplication(app);
        }
    }

    @Test
    void oldReleasesArePrunedAtStartAndTheRetentionPolicyIsChangedInSettings() throws Exception {
        long serviceId;
        try (Homeport homeport = Homeport.open(new HomeportHome(folder), null)) {
            var inventory = homeport.inventory();
            long env = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            // It keeps one release for rollback, so the policy's two decide.
            serviceId = inventory.createService(new Service(0, env, "web", new ServiceSource.Image("nginx"), 80, null, null, null,
                    DeployOptions.defaults().withKeepReleases(1))).id();
            for (int i = 0; i < 6; i++) {
                long id = homeport.deployments().queue(serviceId, null, "nginx", "{}").id();
                homeport.deployments().transition(id, DeploymentState.QUEUED, DeploymentState.FAILED, "no such image");
            }
            homeport.retention().setPolicy(new RetentionPolicy(2, 1, 90, 1000));
        }
        launch();
        click("#section-settings");
        waitFor(() -> shows("#retention-deployments"));
        Spinner<Integer> deployments = inWindow("#retention-deployments").queryAs(Spinner.class);
        Spinner<Integer> logs = inWindow("#retention-logs").queryAs(Spinner.class);
        Label status = inWindow("#retention-status").queryAs(Label.class);
        waitFor(() -> deployments.getValue() == 2 && logs.getValue() == 1);

        // The section may lie below the fold of the settings page: its buttons are fired, not clicked at a screen point.
        fire("#retention-prune");
        waitFor(() -> !status.getText().isEmpty());
        assertThat(status.getText()).as("pruned already, when the app started").startsWith("Nothing to remove");
        robot.interact(() -> {
            deployments.getValueFactory().setValue(30);
            logs.getValueFactory().setValue(4);
        });
        fire("#retention-save");
        waitFor(() -> status.getText().startsWith("Saved"));
        close();

        try (Homeport homeport = Homeport.open(new HomeportHome(folder), null)) {
            assertThat(homeport.retention().policy()).isEqualTo(new RetentionPolicy(30, 4, 90, 1000));
            assertThat(homeport.deployments().ofService(serviceId)).hasSize(2);
        }
    }

    @Test
    void theLogsBoundAndTheCrashLoopAreChangedInSettingsAndKept() throws Exception {
        try (Homeport homeport = Homeport.open(new HomeportHome(folder), null)) {
            var inventory = homeport.inventory();
            long env = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            inventory.createService(new Service(0, env, "web", new ServiceSource.Image("nginx"), 80, null, null, null, DeployOptions.defaults()));
        }
        launch();
        click("#section-settings");
        waitFor(() -> shows("#logs-max-lines"));
        TextField lines = inWindow("#logs-max-lines").queryAs(TextField.class);
        TextField mib = inWindow("#logs-max-mib").queryAs(TextField.class);
        Label logsStatus = inWindow("#logs-settings-status").queryAs(Label.class);
        TextField crashes = inWindow("#crash-loop-crashes").queryAs(TextField.class);
        TextField window = inWindow("#crash-loop-window").queryAs(TextField.class);
        Label crashStatus = inWindow("#crash-loop-status").queryAs(Label.class);
        waitFor(() -> "1000000".equals(lines.getText()) && "256".equals(mib.getText()));
        waitFor(() -> "3".equals(crashes.getText()) && "120".equals(window.getText()));

        robot.interact(() -> lines.setText("500"));
        fire("#logs-settings-save");
        waitFor(() -> !logsStatus.getText().isEmpty());
        assertThat(logsStatus.getText()).isEqualTo("Lines: must be between 10,000 and 10,000,000, got 500");
        robot.interact(() -> {
            lines.setText("20,000");
            mib.setText("32");
        });
        fire("#logs-settings-save");
        waitFor(() -> logsStatus.getText().startsWith("Saved"));
        assertThat(logsStatus.getText()).isEqualTo("Saved. Logs tabs opened from now keep the newest 20,000 lines, at most 32 MiB.");

        robot.interact(() -> window.setText("5"));
        fire("#crash-loop-save");
        waitFor(() -> !crashStatus.getText().isEmpty());
        assertThat(crashStatus.getText()).isEqualTo("Seconds: must be whole seconds between 10 s and 1 h (3600 s), got 5 s");
        robot.interact(() -> {
            crashes.setText("2");
            window.setText("30");
        });
        fire("#crash-loop-save");
        waitFor(() -> crashStatus.getText().startsWith("Saved"));
        assertThat(crashStatus.getText()).isEqualTo("Saved. From the next exit on, a crash loop is 2 exits nobody asked for within 30 s. Provision each node to apply it to its alarm.");

        // A Logs tab opened now keeps what was saved, with no restart.
        TreeView<?> tree = inWindow("#inventory-tree").queryAs(TreeView.class);
        robot.interact(() -> tree.getSelectionModel().select(find(tree.getRoot(), "web")));
        waitForTitle("web");
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node log = inWindow("#service-log").query();
        assertThat(((LogStore) log.getProperties().get("homeport.logStore")).bound()).isEqualTo(new LogStore.Bound(20_000, 32L << 20));
        close();

        try (Homeport homeport = Homeport.open(new HomeportHome(folder), null)) {
            assertThat(homeport.watchSettings().logView()).isEqualTo(new LogViewBound(20_000, 32));
            assertThat(homeport.watchSettings().crashLoop()).isEqualTo(new CrashLoopPolicy(2, 30));
        }
    }

    private void fire(String query) {
        WaitForAsyncUtils.waitForFxEvents();
        Button button = inWindow(query).queryButton();
        robot.interact(button::fire);
    }

    /** Creates acme/shop/prod through the UI, the way a user does. */
    private void createOrganisationApplicationAndEnvironment() throws Exception {
        click("#new-organisation");
        typeName("acme");
        waitForTitle("acme");
        click("New application");
        typeName("shop");
        waitForTitle("shop");
        click("New environment");
        typeName("prod");
        waitForTitle("prod");
    }

    /**
     * Types into a field as a user does, once the field has the keyboard. Xvfb has no window manager, so the
     * keyboard follows the pointer, and a dialog that is still being laid out under load can leave the keys
     * with the window behind it.
     */
    private void type(String query, String text) throws Exception {
        javafx.scene.control.TextInputControl field = robot.lookup(query).queryAs(javafx.scene.control.TextInputControl.class);
        String before = field.getText();
        // A click that lands while the dialog is still moving gives no focus: click again, a few times at most.
        for (int attempt = 1; ; attempt++) {
            robot.clickOn(field);
            try {
                WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> field.isFocused() && field.getScene().getWindow().isFocused());
                break;
            } catch (java.util.concurrent.TimeoutException noFocus) {
                if (attempt == 4) {
                    throw noFocus;
                }
            }
        }
        robot.write(text);
        waitFor(() -> field.getText().equals(before + text));
    }

    private void typeName(String name) throws Exception {
        type("#name-field", name);
        robot.clickOn(okButton());
    }

    private Button okButton() {
        return dialogButton("OK");
    }

    /** A button of the open dialog (the status bar has a Cancel button of its own), once the dialog is laid out. */
    private Button dialogButton(String text) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(".dialog-pane .button")
                .match((Button b) -> b.getText().equals(text) && b.getScene() != null && b.getScene().getWindow().isShowing())
                .queryButton();
    }

    private void waitForTitle(String title) throws Exception {
        waitFor(() -> inWindow("#page-title").tryQuery().map(n -> ((Label) n).getText().equals(title)).orElse(false));
    }

    private int treeSize() {
        return treeNames().size();
    }

    private java.util.List<String> treeNames() {
        TreeView<?> tree = inWindow("#inventory-tree").queryAs(TreeView.class);
        java.util.List<String> names = new java.util.ArrayList<>();
        collect(tree.getRoot(), names);
        return names;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static javafx.scene.control.TreeItem find(javafx.scene.control.TreeItem<?> item, String name) {
        for (var child : item.getChildren()) {
            if (child.getValue().toString().equals(name)) {
                return child;
            }
            var found = find(child, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static void collect(javafx.scene.control.TreeItem<?> item, java.util.List<String> names) {
        for (var child : item.getChildren()) {
            names.add(child.getValue().toString());
            collect(child, names);
        }
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
    }

}
