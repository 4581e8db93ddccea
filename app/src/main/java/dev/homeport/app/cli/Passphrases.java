package dev.homeport.app.cli;

import dev.homeport.model.vault.Vault;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Export passphrases come from a file or are typed at the terminal, never from
 * the command line, where other users could read them in {@code ps}.
 */
final class Passphrases {
    static final String FILE_HELP = "Read the export passphrase from the first line of this file instead of asking.";
    private static final int MIN_LENGTH = Vault.MIN_PASSPHRASE_LENGTH;

    private Passphrases() {
    }

    /** The first line of the file, without its line ending. */
    static char[] fromFile(Path file) {
        byte[] bytes = CliFiles.readBytes(file, "the passphrase file");
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            int end = 0;
            while (end < text.length() && text.get(end) != '\n' && text.get(end) != '\r') {
                end++;
            }
            char[] passphrase = Arrays.copyOf(text.array(), end);
            Arrays.fill(text.array(), '\0');
            if (passphrase.length == 0) {
                throw new CliException(Cli.BAD_INPUT, "The passphrase file " + file + " is empty.");
            }
            return passphrase;
        } catch (CharacterCodingException e) {
            throw new CliException(Cli.BAD_INPUT, "The passphrase file " + file + " is not UTF-8 text.", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** A new passphrase for an export, typed twice. */
    static char[] askNew(Terminal terminal, String missingFileHint) {
        requireTerminal(terminal, missingFileHint);
        char[] first = orCancel(terminal.readPassword("Export passphrase (at least " + MIN_LENGTH + " characters): "));
        if (first.length < MIN_LENGTH) {
            Arrays.fill(first, '\0');
            throw new CliException(Cli.BAD_INPUT, "The export passphrase must be at least " + MIN_LENGTH + " characters.");
        }
        char[] again = orCancel(terminal.readPassword("The same passphrase again: "));
        boolean same = Arrays.equals(first, again);
        Arrays.fill(again, '\0');
        if (!same) {
            Arrays.fill(first, '\0');
            throw new CliException(Cli.BAD_INPUT, "The two passphrases differ; nothing was exported.");
        }
        return first;
    }

    /** The passphrase an import file was exported with. */
    static char[] ask(Terminal terminal, String missingFileHint) {
        requireTerminal(terminal, missingFileHint);
        return orCancel(terminal.readPassword("Passphrase the file was exported with: "));
    }

    static void forget(char[] passphrase) {
        if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
        }
    }

    private static void requireTerminal(Terminal terminal, String missingFileHint) {
        if (!terminal.interactive()) {
            throw new CliException(Cli.BAD_INPUT, missingFileHint);
        }
    }

    private static char[] orCancel(char[] passphrase) {
        if (passphrase == null) {
            throw new CliException(Cli.FAILED, "Cancelled: no passphrase was given.");
        }
        return passphrase;
    }
}
