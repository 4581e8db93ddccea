package dev.homeport.app.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The person at the keyboard, when there is one. At a terminal, questions and
 * passphrases are asked there, passphrases without echo. When input comes
 * from a pipe or a file, nothing is asked: commands that need an answer say
 * which option to pass instead. Standard input stays available as data
 * (for {@code import -}).
 */
final class Terminal {
    private final InputStream stdin;
    private final Console console;
    private final BufferedReader answers;
    private final PrintWriter prompts;
    private final Asker remote;
    private final Supplier<SessionTerminal> remoteSession;

    private Terminal(InputStream stdin, Console console, BufferedReader answers, PrintWriter prompts) {
        this(stdin, console, answers, prompts, null, null);
    }

    private Terminal(InputStream stdin, Console console, BufferedReader answers, PrintWriter prompts, Asker remote,
                     Supplier<SessionTerminal> remoteSession) {
        this.stdin = stdin;
        this.console = console;
        this.answers = answers;
        this.prompts = prompts;
        this.remote = remote;
        this.remoteSession = remoteSession;
    }

    /** Asks at a terminal in another process: the {@code homeport} command the open app serves. */
    interface Asker {
        /** The answer, or null at the end of input. */
        char[] ask(String prompt, boolean echo);
    }

    /**
     * The terminal of a command the open app serves ({@link CliServer}): standard input and,
     * when {@code asker} is given, questions travel to the client's terminal, and a session
     * ({@code homeport shell}) gets it from {@code session}.
     */
    static Terminal remote(InputStream stdin, Asker asker, Supplier<SessionTerminal> session) {
        return asker == null ? piped(stdin) : new Terminal(stdin, null, null, null, asker, session);
    }

    /** The process's console when it is a terminal; otherwise input is piped. */
    static Terminal system(InputStream stdin) {
        Console console = System.console();
        return console != null && console.isTerminal() ? new Terminal(stdin, console, null, null) : piped(stdin);
    }

    /** Not interactive: nothing is ever asked. */
    static Terminal piped(InputStream stdin) {
        return new Terminal(stdin, null, null, null);
    }

    /** Interactive, reading each answer as a line from {@code answers}; for tests. */
    static Terminal scripted(InputStream answers, PrintWriter prompts) {
        return new Terminal(InputStream.nullInputStream(), null,
                new BufferedReader(new InputStreamReader(answers, StandardCharsets.UTF_8)), prompts);
    }

    boolean interactive() {
        return console != null || answers != null || remote != null;
    }

    /** True at a real terminal: this process's own, or the client's of a command the open app serves (not piped, not scripted). */
    boolean atTerminal() {
        return console != null || remoteSession != null;
    }

    /** The terminal for an interactive session; only {@link #atTerminal()}. */
    SessionTerminal forSession() {
        if (console != null) {
            return LocalSessionTerminal.open();
        }
        if (remoteSession != null) {
            return remoteSession.get();
        }
        throw new IllegalStateException("Input is not a terminal; check atTerminal() first.");
    }

    InputStream stdin() {
        return stdin;
    }

    /** Asks a question; null at the end of input. */
    String readLine(String prompt) {
        requireInteractive();
        if (console != null) {
            return console.readLine("%s", prompt);
        }
        if (remote != null) {
            char[] answer = remote.ask(prompt, true);
            return answer == null ? null : new String(answer);
        }
        prompts.print(prompt);
        prompts.flush();
        try {
            return answers.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asks for a passphrase without echoing it; null at the end of input. */
    char[] readPassword(String prompt) {
        requireInteractive();
        if (console != null) {
            return console.readPassword("%s", prompt);
        }
        if (remote != null) {
            return remote.ask(prompt, false);
        }
        String line = readLine(prompt);
        return line == null ? null : line.toCharArray();
    }

    private void requireInteractive() {
        if (!interactive()) {
            throw new IllegalStateException("Input is not a terminal; check interactive() before asking.");
        }
    }
}
