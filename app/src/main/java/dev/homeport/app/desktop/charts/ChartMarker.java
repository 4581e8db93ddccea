package dev.homeport.app.desktop.charts;

/**
 * A moment drawn across a chart as a thin vertical line with a short label at its top: when a
 * release went live, failed, was rolled back, or crashed after it went live.
 *
 * @param epochSecond when
 * @param label       what the line says ("#12")
 * @param kind        its colour
 * @param id          what clicking it opens (a deployment id)
 * @param tooltip     a sentence shown on hover
 */
public record ChartMarker(long epochSecond, String label, Kind kind, long id, String tooltip) {
    public enum Kind { LIVE, FAILED, ROLLED_BACK, CRASHED }
}
