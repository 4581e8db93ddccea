package dev.homeport.app.desktop.deployments;

import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Label;

/** How a deployment's state reads everywhere: a word and a coloured pill. */
public final class StateBadge {
    private static final List<String> LOOKS = List.of("live", "in-progress", "failed", "interrupted", "past");

    private StateBadge() {
    }

    public static Label of(DeploymentState state) {
        Label badge = pill("", look(state));
        show(badge, state);
        return badge;
    }

    /**
     * A pill with any word in one of the deployment states' looks ("live", "in-progress", "failed",
     * "interrupted", "past"), for other states that read alike, such as a cluster member's.
     */
    public static Label pill(String text, String look) {
        Label badge = new Label(text);
        badge.getStyleClass().addAll("state-badge", look);
        badge.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return badge;
    }

    /** A "State" table column that shows each row's deployment state as a badge. */
    public static <T> TableColumn<T, DeploymentState> column(Function<T, Deployment> deployment) {
        TableColumn<T, DeploymentState> state = new TableColumn<>("State");
        state.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(deployment.apply(row.getValue()).state()));
        state.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(DeploymentState value, boolean empty) {
                super.updateItem(value, empty);
                setGraphic(empty || value == null ? null : of(value));
            }
        });
        return state;
    }

    /** Shows {@code state} on a badge made by {@link #of}. */
    public static void show(Label badge, DeploymentState state) {
        badge.setText(word(state));
        badge.getStyleClass().removeAll(LOOKS);
        badge.getStyleClass().add(look(state));
    }

    /** "live", "health checking", "rolled back". */
    public static String word(DeploymentState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static String look(DeploymentState state) {
        if (state.inProgress()) {
            return "in-progress";
        }
        return switch (state) {
            case LIVE -> "live";
            case FAILED -> "failed";
            case INTERRUPTED -> "interrupted";
            default -> "past";
        };
    }

    /** "42 s", "3 min 5 s", "2 h 10 min", "4 days". */
    public static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min" + (seconds % 60 == 0 || seconds >= 600 ? "" : " " + seconds % 60 + " s");
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + " min");
        }
        long days = seconds / 86_400;
        return days + (days == 1 ? " day" : " days");
    }

    /** "5 min ago", or "just now". */
    public static String ago(Instant then, Instant now) {
        Duration since = Duration.between(then, now);
        return since.toSeconds() < 10 ? "just now" : duration(since) + " ago";
    }

    /** The first 12 hex digits of an image ID such as {@code sha256:0a1b…}. */
    public static String shortDigest(String digest) {
        if (digest == null) {
            return "";
        }
        String hex = digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
