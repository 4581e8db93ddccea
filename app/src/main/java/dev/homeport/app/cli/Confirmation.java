package dev.homeport.app.cli;

import java.util.Locale;

/** The question before something is removed or changed. In a script, where nobody can answer, {@code --yes} answers it. */
final class Confirmation {
    static final String YES_HELP = "Remove without asking; needed when input is not a terminal.";
    static final String CHANGE_YES_HELP = "Go ahead without asking; needed when input is not a terminal.";

    private Confirmation() {
    }

    /** Returns when the user typed y or yes; otherwise throws, and nothing may be removed. */
    static void removal(Terminal terminal) {
        ask(terminal, "Remove? [y/N] ", "removed");
    }

    /** Returns when the user typed y or yes; otherwise throws, and nothing may be changed. */
    static void change(Terminal terminal, String question) {
        ask(terminal, question + " [y/N] ", "changed");
    }

    private static void ask(Terminal terminal, String question, String notDone) {
        if (!terminal.interactive()) {
            throw new CliException(Cli.BAD_INPUT, "Nothing was " + notDone + ": input is not a terminal, so pass --yes to confirm.");
        }
        String answer = terminal.readLine(question);
        if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
            throw new CliException(Cli.FAILED, "Cancelled; nothing was " + notDone + ".");
        }
    }
}
