package dev.homeport.app.desktop.nodes;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Ui;
import dev.homeport.ssh.health.NodeHealth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

/** How a node's health reads on a card and on its page: a word, an icon, a colour, and the checks in a tooltip. */
record HealthLook(String text, Ikon icon, String style, String detail) {
    static final List<String> STYLES = List.of(Styles.SUCCESS, Styles.WARNING, Styles.DANGER, Styles.TEXT_MUTED);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    /** Shows {@code health} on {@code badge}: word, icon, colour and the checks as its tooltip. */
    static void show(Label badge, NodeHealth health) {
        HealthLook look = of(health);
        badge.setText(look.text());
        badge.setGraphic(Ui.icon(look.icon()));
        badge.getStyleClass().removeAll(STYLES);
        badge.getStyleClass().add(look.style());
        badge.setTooltip(new Tooltip(look.detail()));
    }

    static HealthLook of(NodeHealth health) {
        if (health == null) {
            return new HealthLook("not checked yet", Feather.CIRCLE, Styles.TEXT_MUTED, "The first check runs shortly.");
        }
        String detail = checks(health);
        return switch (health.state()) {
            case UP -> new HealthLook("up", Feather.CHECK_CIRCLE, Styles.SUCCESS, detail);
            case DEGRADED -> new HealthLook("degraded", Feather.ALERT_TRIANGLE, Styles.WARNING, detail);
            case DOWN -> new HealthLook("down", Feather.X_CIRCLE, Styles.DANGER, detail);
            case UNKNOWN -> new HealthLook("not checked yet", Feather.CIRCLE, Styles.TEXT_MUTED, detail);
        };
    }

    private static String checks(NodeHealth health) {
        StringBuilder text = new StringBuilder("Checked at ").append(TIME.format(health.checkedAt()));
        health.checks().forEach(check -> text.append('\n').append(check.check()).append(": ").append(check.outcome())
                .append(check.message() == null || check.message().isBlank() ? "" : " — " + check.message()));
        return text.toString();
    }
}
