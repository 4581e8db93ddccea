package dev.homeport.app.cli;

import java.util.Locale;

/** The question before something is removed. In a script, where nobody can answer, {@code --yes} answers it. */
final class Confirmation {
    static final String YES_HELP = "Remove without asking; needed when input is not a terminal.";

    private Confirmation() {
    }

    /** Returns when the user typed y or yes; otherwise throws, and nothing may be removed. */
    static void removal(Terminal terminal) {
        if (!terminal.interactive()) {
            throw new CliException(Cli.BAD_INPUT, "Nothing was removed: input is not a terminal, so pass --yes to confirm.");
        }
        String answer = terminal.readLine("Remove? [y/N] ");
        if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
            throw new CliException(Cli.FAILED, "Cancelled; nothing was removed.");
        }
    }
}
