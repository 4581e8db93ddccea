package dev.homeport.ssh.deploy;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Hides a release's secret values in the text Homeport writes or shows about
 * it: its log lines, the reason it ended, the exception messages that reason
 * and the log carry. A deployment has one mask, and every such text goes
 * through it before it reaches the store or a listener.
 *
 * <p>A value is looked for as it is, whole, and in the forms a program that
 * prints it escaped gives it: JSON (as Java and Go write it, and JSON inside
 * JSON), newlines written as {@code \n}, shell single quotes. A value of
 * several lines is also looked for line by line, since output is read one line
 * at a time: each of its lines is hidden wherever it shows up. A value or line
 * shorter than {@value #MIN_LENGTH} characters (spaces around it left out) is
 * not looked for: hiding it would hide ordinary words.
 *
 * <p>Wherever pieces are found, overlapping or not, each run of hidden text
 * becomes one {@link #MASK}.
 */
final class SecretMask {
    static final String MASK = "••••••";
    static final int MIN_LENGTH = 4;

    private final Set<String> pieces = new HashSet<>();
    /** The pieces to look for, longest first; replaced whole on each {@link #add}. */
    private volatile List<String> lookFor = List.of();

    /** From now on, hides {@code secret} (and its forms, and its lines) wherever it shows up. */
    synchronized void add(String secret) {
        if (secret == null) {
            return;
        }
        Set<String> values = new LinkedHashSet<>(List.of(secret, secret.strip()));
        if (secret.strip().contains("\n") || secret.strip().contains("\r")) {
            // Whole with either line ending, and each line on its own.
            String lf = secret.strip().replace("\r\n", "\n");
            values.addAll(List.of(lf, lf.replace("\n", "\r\n")));
            secret.lines().map(String::strip).forEach(values::add);
        }
        boolean added = false;
        for (String value : values) {
            for (String form : forms(value)) {
                if (form.strip().length() >= MIN_LENGTH) {
                    added |= pieces.add(form);
                }
            }
        }
        if (added) {
            List<String> sorted = new ArrayList<>(pieces);
            sorted.sort(Comparator.comparingInt(String::length).reversed());
            lookFor = List.copyOf(sorted);
        }
    }

    /** {@code text} with every secret hidden; null stays null. */
    String apply(String text) {
        List<String> look = lookFor;
        if (text == null || text.isEmpty() || look.isEmpty()) {
            return text;
        }
        boolean[] hidden = null;
        for (String piece : look) {
            for (int at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + 1)) {
                if (hidden == null) {
                    hidden = new boolean[text.length()];
                }
                java.util.Arrays.fill(hidden, at, at + piece.length(), true);
            }
        }
        if (hidden == null) {
            return text;
        }
        StringBuilder masked = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!hidden[i]) {
                masked.append(text.charAt(i));
            } else if (i == 0 || !hidden[i - 1]) {
                masked.append(MASK);
            }
        }
        return masked.toString();
    }

    /** The value as printed raw, and as programs print it escaped. */
    private static Set<String> forms(String value) {
        String json = json(value);
        return new LinkedHashSet<>(List.of(value,
                json,
                // Go's encoding/json (Docker's own messages) also escapes <, > and &.
                json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"),
                json(json),
                value.replace("\r", "\\r").replace("\n", "\\n"),
                value.replace("'", "'\\''"),
                value.replace("'", "'\"'\"'")));
    }

    private static String json(String value) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }
}
