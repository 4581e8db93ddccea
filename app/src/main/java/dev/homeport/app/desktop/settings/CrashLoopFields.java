package dev.homeport.app.desktop.settings;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.CrashLoopPolicy;
import dev.homeport.model.ValidationException;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * Settings → Alerts → Crash loops: how many exits nobody asked for, within how many seconds, make a live release's
 * crash loop. The running crash watch reads the saved policy at each exit, so Save applies at once; each node's own
 * container watch (its crash-loop alarm) takes it when the node is provisioned next.
 */
final class CrashLoopFields {
    private final MainModel model;
    private final TextField crashes = NumberFields.field("crash-loop-crashes", 4);
    private final TextField window = NumberFields.field("crash-loop-window", 5);
    private final Label status = NumberFields.status("crash-loop-status");

    CrashLoopFields(MainModel model) {
        this.model = model;
    }

    Node build() {
        Button save = Ui.button("Save", Feather.CHECK, this::save, Styles.ACCENT);
        save.setId("crash-loop-save");
        Button defaults = Ui.button("Defaults", Feather.ROTATE_CCW, () -> show(CrashLoopPolicy.defaults()));
        defaults.setId("crash-loop-defaults");
        HBox row = new HBox(8, new Label("A crash loop is"), crashes, new Label("exits nobody asked for within"), window,
                new Label("seconds"), save, defaults);
        row.setAlignment(Pos.CENTER_LEFT);
        model.tasks().run("Reading the crash-loop setting", () -> model.homeport().watchSettings().crashLoop()).onSuccess(this::show).start();
        return new VBox(8, Ui.sectionTitle("Crash loops"),
                Ui.muted("While Homeport runs, it watches the live releases' containers. This many exits nobody asked for ("
                        + CrashLoopPolicy.MIN_CRASHES + "–" + CrashLoopPolicy.MAX_CRASHES + ") within this many seconds ("
                        + CrashLoopPolicy.MIN_WINDOW_SECONDS + "–" + CrashLoopPolicy.MAX_WINDOW_SECONDS + ") mark the release"
                        + " CRASHED and tell you. A change applies from the next exit. Each node's own crash-loop alarm, which"
                        + " watches while Homeport is closed, counts restarts the same way: provision a node to apply it there."),
                row, status);
    }

    private void show(CrashLoopPolicy policy) {
        crashes.setText(Integer.toString(policy.crashes()));
        window.setText(Integer.toString(policy.windowSeconds()));
    }

    private void save() {
        CrashLoopPolicy policy;
        try {
            policy = policy();
        } catch (ValidationException e) {
            NumberFields.say(status, e.getMessage(), true);
            return;
        }
        model.tasks().run("Saving the crash-loop setting", () -> model.homeport().watchSettings().setCrashLoop(policy))
                .onSuccess(done -> NumberFields.say(status, "Saved. From the next exit on, a crash loop is " + policy.crashes()
                        + (policy.crashes() == 1 ? " exit" : " exits") + " nobody asked for within " + policy.windowSeconds() + " s. Provision each node to apply it to its alarm.", false))
                .onFailure(failure -> NumberFields.say(status, Dialogs.userMessage(failure), true))
                .start();
    }

    private CrashLoopPolicy policy() {
        int count = NumberFields.read("Exits", crashes);
        int seconds = NumberFields.read("Seconds", window);
        try {
            return new CrashLoopPolicy(count, seconds);
        } catch (ValidationException e) {
            throw NumberFields.relabel(e, e.field().equals("crashes") ? "Exits" : "Seconds");
        }
    }
}
