package dev.homeport.app.cli;

import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.transport.Prompts;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The SSH layer's questions (a key's passphrase, a password that is not
 * stored), asked at the terminal without echo, worded as OpenSSH words them.
 * When input is not a terminal every answer is null, and the SSH layer fails
 * with its own message saying what was missing.
 *
 * <p>One instance serves one command. An answer is asked once and reused when
 * the command connects again after the user accepted a new host key (the SSH
 * layer may ask before the host key is checked); a second attempt, which means
 * the answer was wrong, asks again.
 */
final class TerminalPrompts implements Prompts {
    private final Terminal terminal;
    private final Map<String, Secret> answers = new HashMap<>();

    TerminalPrompts(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Secret keyPassphrase(String keyFile, int attempt) {
        String prompt = "Enter passphrase for key '" + keyFile + "': ";
        return ask("key " + keyFile, attempt, attempt == 1 ? prompt : "Wrong passphrase. " + prompt);
    }

    @Override
    public Secret password(String userAtHost, int attempt) {
        String prompt = userAtHost + "'s password: ";
        return ask("password " + userAtHost, attempt, attempt == 1 ? prompt : "Permission denied, please try again.\n" + prompt);
    }

    /** Asks for the password of {@code userAtHost} when Homeport is told to store it; null at the end of input. */
    static Secret askPassword(Terminal terminal, String userAtHost) {
        return new TerminalPrompts(terminal).password(userAtHost, 1);
    }

    private synchronized Secret ask(String question, int attempt, String prompt) {
        if (attempt == 1 && answers.containsKey(question)) {
            return answers.get(question);
        }
        if (!terminal.interactive()) {
            return null;
        }
        char[] typed = terminal.readPassword(Output.printable(prompt, true));
        if (typed == null) {
            return null;
        }
        try {
            Secret answer = Secret.of(typed);
            answers.put(question, answer);
            return answer;
        } finally {
            Arrays.fill(typed, '\0');
        }
    }
}
