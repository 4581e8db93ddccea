package dev.homeport.app.cli;

import dev.homeport.model.ValueFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Values that do not belong on the command line, where the process list and
 * the shell's history would keep them: secrets, and values too long or too
 * odd to type as an argument. They come from a file, from piped standard
 * input, or are typed at the terminal without echo.
 *
 * <p>A file or piped input is taken as {@link ValueFile} takes it: byte for
 * byte, except one line ending at its very end, at most 128 KiB.
 */
final class ValueInput {
    static final String STDIN = "-";

    private ValueInput() {
    }

    /**
     * The text of {@code file} ({@code -} for standard input), without its final line ending, by the rules of
     * {@link ValueFile} (which the app's From file… follows too); never empty.
     */
    static String fromFile(Path file, Terminal terminal, String what) {
        boolean stdin = file.toString().equals(STDIN);
        String name = stdin ? "standard input" : what + " " + file;
        byte[] bytes;
        try (InputStream in = stdin ? null : Files.newInputStream(file)) {
            bytes = ValueFile.read(stdin ? terminal.stdin() : in, name);
        } catch (IOException e) {
            throw new CliException(Cli.FAILED, "Cannot read " + name + ": " + CliFiles.reason(e), e);
        }
        String text = ValueFile.text(bytes, name);
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

}
