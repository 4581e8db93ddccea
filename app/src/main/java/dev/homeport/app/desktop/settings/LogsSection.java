package dev.homeport.app.desktop.settings;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.LogViewBound;
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
 * Settings → Logs: how much of a service's log a Logs tab keeps, the newest lines, by count and by MiB of text. Each
 * Logs tab opened after a save keeps that much; a tab already open takes it when it next looks (every 2 s while it
 * follows, see {@code LogsPane}).
 */
public final class LogsSection {
    private final MainModel model;
    private final TextField lines = NumberFields.field("logs-max-lines", 9);
    private final TextField mib = NumberFields.field("logs-max-mib", 5);
    private final Label status = NumberFields.status("logs-settings-status");

    public LogsSection(MainModel model) {
        this.model = model;
    }

    public Node build() {
        Button save = Ui.button("Save", Feather.CHECK, this::save, Styles.ACCENT);
        save.setId("logs-settings-save");
        Button defaults = Ui.button("Defaults", Feather.ROTATE_CCW, () -> show(LogViewBound.defaults()));
        defaults.setId("logs-settings-defaults");
        HBox row = new HBox(8, new Label("Keep the newest"), lines, new Label("lines, at most"), mib, new Label("MiB of text"), save, defaults);
        row.setAlignment(Pos.CENTER_LEFT);
        model.tasks().run("Reading the Logs tab's setting", () -> model.homeport().watchSettings().logView()).onSuccess(this::show).start();
        VBox section = new VBox(8, Ui.sectionTitle("Logs"),
                Ui.muted("A service's Logs tab keeps its newest lines in memory, up to whichever limit comes first ("
                        + "10,000–10,000,000 lines, " + LogViewBound.MIN_MIB + "–" + LogViewBound.MAX_MIB + " MiB); the search, levels"
                        + " and sources look through them. A change applies to every Logs tab, those open too."),
                row, status);
        section.setId("logs-settings-section");
        return section;
    }

    private void show(LogViewBound bound) {
        lines.setText(Integer.toString(bound.maxLines()));
        mib.setText(Integer.toString(bound.maxMib()));
    }

    private void save() {
        LogViewBound bound;
        try {
            bound = bound();
        } catch (ValidationException e) {
            NumberFields.say(status, e.getMessage(), true);
            return;
        }
        model.tasks().run("Saving the Logs tab's setting", () -> model.homeport().watchSettings().setLogView(bound))
                .onSuccess(done -> {
                    model.logViewSaved(bound);
                    NumberFields.say(status, "Saved. Logs tabs opened from now keep the newest " + String.format(java.util.Locale.ROOT, "%,d", bound.maxLines())
                            + " lines, at most " + bound.maxMib() + " MiB.", false);
                })
                .onFailure(failure -> NumberFields.say(status, Dialogs.userMessage(failure), true))
                .start();
    }

    private LogViewBound bound() {
        int count = NumberFields.read("Lines", lines);
        int size = NumberFields.read("MiB", mib);
        try {
            return new LogViewBound(count, size);
        } catch (ValidationException e) {
            throw NumberFields.relabel(e, e.field().equals("maxLines") ? "Lines" : "MiB");
        }
    }
}
