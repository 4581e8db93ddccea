package dev.homeport.app.cli;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.homeport.model.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the release commands print: deploy, rollback and releases. As in
 * {@link Shapes}, these records copy plain values out of the model: a
 * release's config snapshot, which holds sealed secrets, never reaches the
 * output, only the words for what changed. Scripts depend on the JSON field
 * names: add fields, never rename them.
 */
final class DeployShapes {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final int SHORT_DIGEST = 12;

    private DeployShapes() {
    }

    /**
     * One release: its state, when it started and ended (ISO-8601, UTC), the image it ran
     * (the reference, and the image ID once known), its node, the reason it ended as it did,
     * and what changed since the release before it ({@code changesSince}); both are null
     * for a service's first release.
     */
    record ReleaseValue(long id, String service, String state, String node, String image, String digest, String startedAt,
                        String finishedAt, Long durationSeconds, String reason, Long changesSince, List<String> changes)
            implements Output.Row {
        static ReleaseValue of(Deployment deployment, String service, String node, Long changesSince, List<String> changes) {
            Instant finished = deployment.finishedAt();
            return new ReleaseValue(deployment.id(), service, deployment.state().name(), node, deployment.image(), deployment.imageDigest(),
                    deployment.createdAt().toString(), finished == null ? null : finished.toString(),
                    finished == null ? null : Duration.between(deployment.createdAt(), finished).toSeconds(), deployment.reason(),
                    changesSince, changes);
        }

        /** The column headings of {@link #cells()}. */
        static Output.Row heading() {
            return new NodeOpsShapes.TextRow("ID", "STATE", "STARTED", "DURATION", "IMAGE", "NODE");
        }

        @Override
        public List<String> cells() {
            return List.of(Long.toString(id), state, localTime(startedAt), durationSeconds == null ? "-" : duration(durationSeconds),
                    shortImage(), node == null ? "-" : node);
        }

        /** The reason it ended as it did, and what changed since the release before it. */
        @Override
        public List<String> notes() {
            List<String> notes = new ArrayList<>();
            if (reason != null && !reason.isBlank()) {
                notes.add("reason: " + oneLine(reason));
            }
            if (changesSince == null) {
                notes.add("first release");
            } else if (changes.isEmpty()) {
                notes.add("no changes since #" + changesSince);
            } else {
                notes.add("changes since #" + changesSince + ": " + String.join("; ", changes));
            }
            return notes;
        }

        /** The line that ends deploy and rollback. */
        @JsonIgnore
        String outcome() {
            String where = node == null ? "" : " on " + node;
            String took = durationSeconds == null ? "" : " (" + duration(durationSeconds) + ")";
            return switch (state) {
                case "LIVE" -> "Deployment #" + id + " of " + service + " is LIVE" + where + took + ".";
                case "INTERRUPTED" -> "Deployment #" + id + " of " + service + " was INTERRUPTED" + where + ": " + why();
                default -> "Deployment #" + id + " of " + service + " " + state + where + ": " + why();
            };
        }

        private String why() {
            return reason == null || reason.isBlank() ? "no reason was recorded." : oneLine(reason);
        }

        /** The image ID cut short as docker prints it, or the reference while the ID is not known. */
        private String shortImage() {
            if (digest != null) {
                String hex = digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
                return hex.substring(0, Math.min(SHORT_DIGEST, hex.length()));
            }
            return image == null ? "-" : image;
        }
    }

    /** A release's stored log. */
    record ReleaseLog(long id, String service, String state, List<String> lines) {
    }

    /** A reason as one line: the messages it quotes (Docker's, git's) may span several. */
    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    static String localTime(String instant) {
        return TIME.format(Instant.parse(instant).atZone(ZoneId.systemDefault()));
    }

    /** {@code 42 s}, {@code 3 min 05 s}, {@code 1 h 02 min}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }
}
