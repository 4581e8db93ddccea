package dev.homeport.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.FilterWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

/**
 * Everything the CLI prints to stdout goes through here: text for people, or
 * JSON for scripts when a command is given {@code --json}. Text is cleaned of
 * control characters, so a stored value can never drive the terminal.
 */
final class Output {
    static final String JSON_HELP = "Print JSON instead of text.";
    private static final String NONE = "(none)";

    /** Made on first use: Jackson is some 400 classes that a command printing text never needs. */
    private static final class Json {
        static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    private final PrintWriter out;

    Output(PrintWriter out) {
        this.out = out;
    }

    /** A line (or lines) of text for the user. */
    void line(String text) {
        out.println(printable(text, true));
    }

    /**
     * A line of output from a command the user ran on a node ({@code node exec}), passed on
     * as it arrived, as ssh does: it is that command's output, not a value from the store.
     */
    void passThrough(String line) {
        out.println(line);
    }

    /** One item per line; items with several cells become aligned columns, and a row's notes go on the lines below it. */
    void list(boolean json, List<? extends Row> rows) {
        if (json) {
            json(rows);
            return;
        }
        int[] widths = new int[rows.stream().mapToInt(r -> r.cells().size()).max().orElse(0)];
        for (Row row : rows) {
            for (int i = 0; i < row.cells().size(); i++) {
                widths[i] = Math.max(widths[i], printable(row.cells().get(i), false).length());
            }
        }
        for (Row row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.cells().size(); i++) {
                String cell = printable(row.cells().get(i), false);
                line.append(i == row.cells().size() - 1 ? cell : pad(cell, widths[i] + 2));
            }
            out.println(line.toString().stripTrailing());
            String indent = " ".repeat(row.cells().size() > 1 ? widths[0] + 2 : 2);
            for (String note : row.notes()) {
                out.println(indent + printable(note, false));
            }
        }
    }

    /** One item's details: a label and its value per line, lists continuing on the lines below. */
    void details(boolean json, Details details) {
        if (json) {
            json(details);
            return;
        }
        int width = details.fields().stream().mapToInt(f -> f.label().length()).max().orElse(0) + 2;
        for (Field field : details.fields()) {
            List<String> values = field.values().isEmpty() ? List.of(NONE) : field.values();
            for (int i = 0; i < values.size(); i++) {
                out.println(pad(i == 0 ? field.label() : "", width) + printable(values.get(i), false));
            }
        }
    }

    /**
     * For long text such as an export. Closing it flushes but leaves stdout
     * open, because writers such as Jackson close what they are given.
     */
    Writer writer() {
        return new FilterWriter(out) {
            @Override
            public void close() {
                Output.this.out.flush();
            }
        };
    }

    /** Any value as JSON, for a command whose result is neither a list nor one item's details. */
    void json(Object value) {
        try {
            out.println(Json.MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /** Control characters become {@code \xNN}; newlines stay only where the text is meant to span lines. */
    static String printable(String text, boolean keepNewlines) {
        StringBuilder clean = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if ((c < ' ' && !(keepNewlines && c == '\n')) || (c >= 0x7f && c < 0xa0)) {
                clean.append(String.format("\\x%02x", c));
            } else {
                clean.appendCodePoint(c);
            }
        });
        return clean.toString();
    }

    /** An item in a list. */
    interface Row {
        List<String> cells();

        /** Lines of text under the row, lined up with its second column; none unless a row says more. */
        default List<String> notes() {
            return List.of();
        }
    }

    /** An item shown on its own. */
    interface Details {
        List<Field> fields();
    }

    /** A labelled value; an empty list prints as "(none)". */
    record Field(String label, List<String> values) {
        Field {
            values = List.copyOf(values);
        }

        static Field of(String label, Object value) {
            return of(label, value, NONE);
        }

        static Field of(String label, Object value, String whenNull) {
            return new Field(label, List.of(value == null ? whenNull : value.toString()));
        }
    }
}
