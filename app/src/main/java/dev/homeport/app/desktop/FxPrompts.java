package dev.homeport.app.desktop;

import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.transport.Prompts;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.stage.Window;

/**
 * Answers the SSH layer's questions with dialogs. The SSH layer asks on a
 * background thread; the dialog is shown on the FX thread and the asking
 * thread waits for the answer. Cancelling the dialog, or cancelling the task
 * that asked, answers "no" (null).
 */
public final class FxPrompts implements Prompts {
    private final Supplier<Window> owner;

    /** {@code owner} is read when a question comes, so a dialog that opens later can own the prompt. */
    public FxPrompts(Supplier<Window> owner) {
        this.owner = owner;
    }

    public FxPrompts(Window owner) {
        this(() -> owner);
    }

    @Override
    public Secret keyPassphrase(String keyFile, int attempt) {
        return ask("Key passphrase", attempt == 1
                ? "The key " + keyFile + " is protected by a passphrase. Enter it to use the key:"
                : "That passphrase did not open " + keyFile + ". Try again (attempt " + attempt + "):");
    }

    @Override
    public Secret password(String userAtHost, int attempt) {
        return ask("Password for " + userAtHost, attempt == 1
                ? "Homeport does not keep this password. Enter the password of " + userAtHost + ":"
                : "That password was refused. Password of " + userAtHost + " (attempt " + attempt + "):");
    }

    private Secret ask(String title, String prompt) {
        Optional<char[]> answer = onFxThread(() -> Dialogs.askPassphrase(owner.get(), title, prompt, false));
        if (answer == null || answer.isEmpty()) {
            return null;
        }
        char[] chars = answer.get();
        Secret secret = Secret.of(chars);
        java.util.Arrays.fill(chars, '\0');
        return secret;
    }

    /**
     * Runs {@code work} on the FX thread and waits for its result; on the FX thread itself it
     * just runs it. An interrupted wait (the asking task was cancelled) gives null.
     */
    public static <T> T onFxThread(Callable<T> work) {
        if (Platform.isFxApplicationThread()) {
            try {
                return work.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        FutureTask<T> task = new FutureTask<>(work);
        Platform.runLater(task);
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
