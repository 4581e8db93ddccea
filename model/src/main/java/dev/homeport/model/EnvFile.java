package dev.homeport.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code .env} file for {@code var import} and the app's Import .env, read whole before anything is written:
 * {@code KEY=VALUE} per line; blank lines and lines starting with {@code #} are skipped;
 * {@code export KEY=VALUE} is taken as {@code KEY=VALUE}. An unquoted value is trimmed and
 * ends at {@code " #"} (a comment). A value in double quotes may hold {@code \n}, {@code \t},
 * {@code \"} and {@code \\}; one in single quotes is taken as written. A value is one line.
 * Any error is a {@link ValidationException} naming the file and the line (never the line's text: it may hold a secret).
 */
public final class EnvFile {
    private EnvFile() {
    }

    /** The variables of {@code text}, in file order; {@code name} names the file in errors. */
    public static Map<String, String> parse(String text, String name) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i).strip();
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ") || line.startsWith("export\t")) {
                line = line.substring(7).strip();
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                // The line is not repeated: it may hold a secret.
                throw error(name, number, "no '=' on the line; give KEY=VALUE");
            }
            String key = line.substring(0, equals).strip();
            try {
                Check.variableKey("key", key);
            } catch (ValidationException e) {
                throw error(name, number, e.getMessage());
            }
            if (lineOf.containsKey(key)) {
                throw error(name, number, key + " is set on line " + lineOf.get(key) + " already");
            }
            String value = value(line.substring(equals + 1).strip(), name, number);
            try {
                Variable.checkValue(key, value);
            } catch (ValidationException e) {
                throw error(name, number, e.getMessage());
            }
            values.put(key, value);
            lineOf.put(key, number);
        }
        return values;
    }

    private static String value(String raw, String name, int number) {
        if (raw.startsWith("\"")) {
            StringBuilder value = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '"') {
                    rest(raw.substring(i + 1), name, number);
                    return value.toString();
                }
                if (c == '\\' && i + 1 < raw.length()) {
                    char next = raw.charAt(++i);
                    switch (next) {
                        case 'n' -> value.append('\n');
                        case 't' -> value.append('\t');
                        case 'r' -> value.append('\r');
                        case '"', '\\', '$' -> value.append(next);
                        default -> value.append('\\').append(next);
                    }
                } else {
                    value.append(c);
                }
            }
            throw error(name, number, "the value's double quote is not closed (a value is one line; write a line break as \\n)");
        }
        if (raw.startsWith("'")) {
            int end = raw.indexOf('\'', 1);
            if (end < 0) {
                throw error(name, number, "the value's single quote is not closed (a value is one line)");
            }
            rest(raw.substring(end + 1), name, number);
            return raw.substring(1, end);
        }
        int comment = raw.indexOf(" #");
        int tab = raw.indexOf("\t#");
        int cut = comment < 0 ? tab : tab < 0 ? comment : Math.min(comment, tab);
        return (cut < 0 ? raw : raw.substring(0, cut)).strip();
    }

    /** After a quoted value: nothing, or a comment. */
    private static void rest(String rest, String name, int number) {
        String after = rest.strip();
        if (!after.isEmpty() && !after.startsWith("#")) {
            throw error(name, number, "unexpected text after the quoted value; put a comment after '#'");
        }
    }

    private static ValidationException error(String name, int number, String problem) {
        return new ValidationException(name + ", line " + number, problem + "; nothing was changed.");
    }
}
