package dev.homeport.app.cli;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Values that do not belong on the command line, where the process list and
 * the shell's history would keep them: secrets, and values too long or too
 * odd to type as an argument. They come from a file, from piped standard
 * input, or are typed at the terminal without echo.
 *
 * <p>A file or piped input is taken as it is, byte for byte, except one line
 * ending at its very end, which editors and {@code echo} add and which is
 * almost never part of the value.
 */
final class ValueInput {
    static final String STDIN = "-";

    private ValueInput() {
    }

    /** The text of {@code file} ({@code -} for standard input), without its final line ending; never empty. */
    static String fromFile(Path file, Terminal terminal, String what) {
        String text = withoutFinalLineEnding(CliFiles.readText(file, terminal.stdin(), what));
        if (text.isEmpty()) {
            throw new CliException(Cli.BAD_INPUT, file.toString().equals(STDIN)
                    ? "Nothing came on standard input: pipe the value in, pass --from-file FILE, or run at a terminal to type it;"
                    + " nothing was changed."
                    : "The file " + file + " is empty, so there is no value to set; nothing was changed.");
        }
        return text;
    }

    /**
     * A secret: read from {@code file} when one is given; else typed at the terminal without
     * echo; else read from piped standard input. Never empty.
     */
    static String secret(Path file, Terminal terminal, String prompt) {
        if (file != null) {
            return fromFile(file, terminal, "the file");
        }
        if (!terminal.interactive()) {
            return fromFile(Path.of(STDIN), terminal, "standard input");
        }
        char[] typed = terminal.readPassword(Output.printable(prompt, false));
        if (typed == null) {
            throw new CliException(Cli.FAILED, "Cancelled: no value was typed; nothing was changed.");
        }
        try {
            if (typed.length == 0) {
                throw new CliException(Cli.BAD_INPUT, "No value was typed; nothing was changed.");
            }
            return new String(typed);
        } finally {
            Arrays.fill(typed, '\0');
        }
    }

    /** One line; for values such as a token that a newline would break. */
    static String oneLine(String value, String what) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new CliException(Cli.BAD_INPUT, what + " must be one line; nothing was changed.");
        }
        return value;
    }

    static String withoutFinalLineEnding(String text) {
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
