package dev.homeport.app.desktop.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.desktop.DesktopApp;
import dev.homeport.app.desktop.MainView;
import dev.homeport.model.HomeportHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.service.query.NodeQuery;
import org.testfx.util.WaitForAsyncUtils;

/** Starts the real desktop app on a data folder and drives it as a user does, for the node tests and screenshots. */
public final class AppDriver {
    public final FxRobot robot = new FxRobot();
    private final Stage stage;
    private final String realUserHome = System.getProperty("user.home");
    private DesktopApp app;
    private CountDownLatch exited;

    /**
     * A driver whose app sees {@code userHome} (created empty) as the user's home until
     * {@link #close()}: the SSH layer reads ~/.ssh/known_hosts and ~/.ssh/config of the user
     * running the tests, and what is there must not change the outcome (a Docker IP seen
     * before would otherwise show as a changed key).
     */
    public AppDriver(Path userHome) throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        System.setProperty("user.home", Files.createDirectories(userHome).toString());
    }

    public Stage stage() {
        return stage;
    }

    /**
     * Makes the next {@link #launch} of {@code folder} open as the screenshots show it: the window at 0,0, 1440×900,
     * in {@code theme} (LIGHT or DARK), at {@code place} (an inventory path, or a page such as {@code :nodes}).
     */
    public static void openAt(Path folder, String place, String theme) throws java.io.IOException {
        Files.writeString(folder.resolve("ui.properties"), "window.x=0\nwindow.y=0\nwindow.width=1440\nwindow.height=900\ntheme=" + theme
                + "\nplace=" + place + "\n");
    }

    public void launch(Path folder) throws Exception {
        exited = new CountDownLatch(1);
        CountDownLatch done = exited;
        // The primary stage is shared between tests: clear the last app's scene so only the new one can match.
        robot.interact(() -> stage.setScene(null));
        app = (DesktopApp) FxToolkit.setupApplication(() -> new DesktopApp(new HomeportHome(folder), done::countDown));
        waitFor(() -> stage.getScene() != null && stage.getScene().getRoot() instanceof MainView);
        // The first read of the inventory goes back to the place of the last run; a click before
        // it has finished would be undone by it. Wait until the status bar shows no work.
        waitFor(() -> !inWindow("#status-task").query().getParent().isVisible());
    }

    /** Closes the window as the user does, waits until the store is closed, and gives user.home back. */
    public void close() throws Exception {
        try {
            if (app == null || exited.getCount() == 0) {
                return;
            }
            robot.interact(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
            assertThat(exited.await(20, TimeUnit.SECONDS)).as("the app closed its store").isTrue();
            FxToolkit.cleanupApplication(app);
            app = null;
        } finally {
            System.setProperty("user.home", realUserHome);
        }
    }

    /** Clicks a node of the main window, found by CSS id or by its text. */
    public void click(String query) {
        WaitForAsyncUtils.waitForFxEvents();
        Node node = inWindow(query).query();
        closeNoticesOver(node);
        robot.clickOn(node);
    }

    /**
     * Closes the notices that lie over the middle of {@code node}, as a user would before clicking it: they stack at
     * the bottom right for 15 s, and a click there reaches the notice, not what is under it.
     */
    private void closeNoticesOver(Node node) {
        robot.interact(() -> {
            javafx.geometry.Bounds bounds = node.localToScreen(node.getBoundsInLocal());
            if (bounds == null) {
                return;
            }
            double x = bounds.getCenterX();
            double y = bounds.getCenterY();
            for (Node notice : List.copyOf(stage.getScene().getRoot().lookupAll("#notices .notification"))) {
                javafx.geometry.Bounds over = notice.localToScreen(notice.getBoundsInLocal());
                if (over != null && over.contains(x, y) && notice instanceof atlantafx.base.controls.Notification shown
                        && shown.getOnClose() != null) {
                    shown.getOnClose().handle(new javafx.event.Event(javafx.event.Event.ANY));
                }
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The notices the window shows now, each as its title and text, the oldest first, one per line. */
    public String notices() {
        WaitForAsyncUtils.waitForFxEvents();
        return inWindow("#notices").tryQuery().map(stack -> ((javafx.scene.layout.VBox) stack).getChildren().stream()
                .map(n -> ((atlantafx.base.controls.Notification) n).getMessage()).reduce("", (a, b) -> a + "\n" + b)).orElse("");
    }

    public NodeQuery inWindow(String query) {
        return robot.from(stage.getScene().getRoot()).lookup(query);
    }

    public boolean shows(String query) {
        WaitForAsyncUtils.waitForFxEvents();
        return inWindow(query).tryQuery().isPresent();
    }

    /** A node in any open window (dialogs included). */
    public <T extends Node> T anywhere(String query) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(query).query();
    }

    /** True when a node of any open window matches and is visible (so it can be clicked). */
    public boolean showsAnywhere(String query) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(query).match(org.testfx.util.NodeQueryUtils.isVisible()).tryQuery().isPresent();
    }

    /** Replaces a field's text, as select-all and typing would. */
    public void fill(String query, String text) {
        TextInputControl field = anywhere(query);
        robot.clickOn((Node) field);
        robot.interact(() -> field.setText(text));
    }

    /** A button of an open dialog (the status bar has a Cancel button of its own). */
    public Button dialogButton(String text) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(".dialog-pane .button").match((Button b) -> b.getText().equals(text) && b.getScene() != null
                && b.getScene().getWindow() != null && b.getScene().getWindow().isShowing()).queryButton();
    }

    public void clickDialogButton(String text) {
        robot.clickOn(dialogButton(text));
    }

    /** Saves what the screen shows where the main window is (dialogs over it included) as a PNG. */
    public void capture(Path file) throws Exception {
        // Let windows that were just resized or restyled draw before the screen is read.
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.sleep(400, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        javafx.geometry.Rectangle2D bounds = new javafx.geometry.Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        javafx.scene.image.Image image = robot.capture(bounds).getImage();
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        java.awt.image.BufferedImage png = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        int[] pixels = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, javafx.scene.image.PixelFormat.getIntArgbInstance(), pixels, 0, width);
        png.setRGB(0, 0, width, height, pixels, 0, width);
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        javax.imageio.ImageIO.write(png, "png", file.toFile());
    }

    /**
     * Waits 30 s for {@code condition}; when it does not come, fails saying what was awaited with what the window
     * showed: its notices and the task in its status bar (an error or a task still running explains most waits).
     */
    public void await(String what, Callable<Boolean> condition) throws Exception {
        await(30, what, condition);
    }

    /** {@link #await(String, Callable)} for {@code seconds}. */
    public void await(int seconds, String what, Callable<Boolean> condition) throws Exception {
        try {
            waitFor(seconds, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            String task = inWindow("#status-task").tryQuery().filter(label -> label.getParent().isVisible())
                    .map(label -> ((javafx.scene.control.Label) label).getText()).orElse("none");
            throw new AssertionError("Waited " + seconds + " s for " + what + "; notices: [" + notices().strip() + "]; task running: "
                    + task, e);
        }
    }

    public static void waitFor(Callable<Boolean> condition) throws Exception {
        waitFor(30, condition);
    }

    public static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.call();
        });
    }
}
