package dev.homeport.app.desktop.charts;

import dev.homeport.model.ReleaseMoment;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Deploy markers: the moments of releases (went live, failed, rolled back, crashed) as chart markers with their number. */
public final class ReleaseMarkers {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private ReleaseMarkers() {
    }

    public static List<ChartMarker> of(List<ReleaseMoment> moments) {
        return moments.stream().map(ReleaseMarkers::of).toList();
    }

    static ChartMarker of(ReleaseMoment moment) {
        String number = "#" + moment.deploymentId();
        ChartMarker.Kind kind = switch (moment.kind()) {
            case LIVE -> ChartMarker.Kind.LIVE;
            case FAILED -> ChartMarker.Kind.FAILED;
            case ROLLED_BACK -> ChartMarker.Kind.ROLLED_BACK;
            case CRASHED -> ChartMarker.Kind.CRASHED;
        };
        String what = switch (moment.kind()) {
            case LIVE -> "went live";
            case FAILED -> "failed";
            case ROLLED_BACK -> "was rolled back";
            case CRASHED -> "crashed";
        };
        String label = switch (moment.kind()) {
            case LIVE -> number;
            case FAILED -> number + " ✗";
            case ROLLED_BACK -> number + " ↶";
            case CRASHED -> number + " !";
        };
        String note = moment.note() == null || moment.note().isBlank() ? "" : "\n" + moment.note();
        return new ChartMarker(moment.at().getEpochSecond(), label, kind, moment.deploymentId(),
                "Release " + number + " " + what + " at " + WHEN.format(moment.at()) + note + "\nClick to open the release.");
    }
}
