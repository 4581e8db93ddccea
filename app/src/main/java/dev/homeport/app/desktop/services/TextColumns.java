package dev.homeport.app.desktop.services;

import java.text.BreakIterator;
import org.jline.utils.WCWidth;

/**
 * A line of text cut into what a monospace grid draws, each piece with the columns it takes: its user-perceived
 * characters (Unicode's extended grapheme clusters, found by the JDK's {@link BreakIterator}: an emoji with its skin
 * tone, a family joined by zero-width joiners, a flag's two letters, a letter and its accents are one each), and the
 * width of each from JLine's {@link WCWidth}, whose tables are Unicode's East Asian Width and emoji data: CJK and
 * emoji take two columns, combining marks and zero-width characters none, the rest one. (jeditermfx's own table, the
 * other one already on the class path, is Markus Kuhn's of 2007: it knows no emoji and reads no code point above
 * U+FFFF.) JLine's own cluster search is not used: it reads the rest of the text at each call, quadratic on a long
 * line; one break iterator goes through the line once.
 *
 * <p>Printable ASCII is one column a character, with no clusters: such text (most log lines) keeps no arrays.
 */
final class TextColumns {
    private final String text;
    /** Where each piece starts in the text, and then the text's length; null when the text is printable ASCII. */
    private final int[] starts;
    /** The columns of each piece; null when the text is printable ASCII. */
    private final byte[] widths;
    private final int columns;

    private TextColumns(String text, int[] starts, byte[] widths, int columns) {
        this.text = text;
        this.starts = starts;
        this.widths = widths;
        this.columns = columns;
    }

    /** The pieces of {@code text}, which has no control characters (the view turns them into spaces first). */
    static TextColumns of(String text, BreakIterator breaks) {
        if (ascii(text)) {
            return new TextColumns(text, null, null, text.length());
        }
        int[] starts = new int[text.length() + 1];
        byte[] widths = new byte[text.length()];
        int count = 0;
        int columns = 0;
        breaks.setText(text);
        for (int from = breaks.first(), to = breaks.next(); to != BreakIterator.DONE; from = to, to = breaks.next()) {
            int width = width(text, from, to);
            starts[count] = from;
            widths[count] = (byte) width;
            count++;
            columns += width;
        }
        starts[count] = text.length();
        return new TextColumns(text, java.util.Arrays.copyOf(starts, count + 1), java.util.Arrays.copyOf(widths, count), columns);
    }

    /** The columns of the piece {@code text[from, to)}. */
    static int width(String text, int from, int to) {
        char first = text.charAt(from);
        if (to == from + 1 && first >= ' ' && first < 0x7f) {
            return 1;
        }
        int width;
        if (to - from == Character.charCount(text.codePointAt(from))) {
            width = WCWidth.wcwidth(text.codePointAt(from));
        } else {
            width = WCWidth.wcwidthForGraphemeCluster(text.subSequence(from, to), 0);
        }
        return Math.clamp(width, 0, 2);
    }

    /** True when every character is printable ASCII: one column each. */
    static boolean ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    String text() {
        return text;
    }

    /** The number of pieces. */
    int count() {
        return starts == null ? text.length() : starts.length - 1;
    }

    /** Where piece {@code i} starts in the text ({@link #count()}: the text's length). */
    int start(int i) {
        return starts == null ? i : starts[i];
    }

    /** The columns of piece {@code i}: 0, 1 or 2. */
    int width(int i) {
        return widths == null ? 1 : widths[i];
    }

    /** The columns of the whole text. */
    int columns() {
        return columns;
    }

    /** True when piece {@code i} is one printable ASCII character, drawn with its neighbours in one run. */
    boolean simple(int i) {
        if (starts == null) {
            return true;
        }
        char c = text.charAt(starts[i]);
        return starts[i + 1] == starts[i] + 1 && c >= ' ' && c < 0x7f;
    }

    /** The piece that holds the text's character {@code at} (the count when {@code at} is the text's length). */
    int pieceAt(int at) {
        if (starts == null) {
            return at;
        }
        int found = java.util.Arrays.binarySearch(starts, at);
        return found >= 0 ? found : -found - 2;
    }

    /** The columns of the pieces before piece {@code i}. */
    int columnOf(int i) {
        if (widths == null) {
            return i;
        }
        int column = 0;
        for (int k = 0; k < i; k++) {
            column += widths[k];
        }
        return column;
    }
}
