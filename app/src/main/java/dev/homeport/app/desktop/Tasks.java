package dev.homeport.app.desktop;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import org.slf4j.LoggerFactory;

/**
 * The one way work leaves the JavaFX thread. Store, disk and remote calls run
 * on virtual threads; their results and errors come back on the FX thread.
 * Running tasks are listed so the status bar can show progress and offer
 * cancel.
 */
public final class Tasks implements AutoCloseable {
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("homeport-task-", 0).factory());
    private final ObservableList<Task<?>> running = FXCollections.observableArrayList();
    // One view for everyone: a fresh unmodifiable wrapper per call would drop its listeners when collected.
    private final ObservableList<Task<?>> runningView = FXCollections.unmodifiableObservableList(running);
    private Consumer<Throwable> defaultFailure = Throwable::printStackTrace;

    /** Tasks still running, for the status bar; changed only on the FX thread. */
    public ObservableList<Task<?>> running() {
        return runningView;
    }

    /** Where failures go when a task names no handler of its own: the main window shows them. */
    public void setDefaultFailure(Consumer<Throwable> handler) {
        defaultFailure = handler;
    }

    public <T> Builder<T> run(String title, Callable<T> work) {
        return new Builder<>(title, work);
    }

    /**
     * Work nobody waits for and the status bar does not list, such as sending a desktop
     * notification or closing the store on the way out; a failure is logged.
     */
    public void background(String name, Runnable work) {
        executor.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(Tasks.class).warn("{} failed: {}", name, e.toString());
            }
        });
    }

    public Builder<Void> run(String title, Runnable work) {
        return new Builder<>(title, () -> {
            work.run();
            return null;
        });
    }

    /** Work that reports how far it got, one line at a time; the status bar shows the newest line. */
    @FunctionalInterface
    public interface Reporting<T> {
        T call(Consumer<String> progress) throws Exception;
    }

    /** Runs work that reports progress: each line becomes the task's message. */
    public <T> Builder<T> reporting(String title, Reporting<T> work) {
        return new Builder<>(title, work);
    }

    public final class Builder<T> {
        private final String title;
        private final Reporting<T> work;
        private Consumer<T> onSuccess = result -> { };
        private Consumer<Throwable> onFailure;
        private Runnable andFinally = () -> { };

        private Builder(String title, Callable<T> work) {
            this(title, (Reporting<T>) progress -> work.call());
        }

        private Builder(String title, Reporting<T> work) {
            this.title = title;
            this.work = work;
        }

        public Builder<T> onSuccess(Consumer<T> handler) {
            onSuccess = handler;
            return this;
        }

        public Builder<T> onFailure(Consumer<Throwable> handler) {
            onFailure = handler;
            return this;
        }

        public Builder<T> andFinally(Runnable handler) {
            andFinally = handler;
            return this;
        }

        public Task<T> start() {
            Task<T> task = new Task<>() {
                {
                    updateTitle(title);
                }

                @Override
                protected T call() throws Exception {
                    return work.call(this::updateMessage);
                }
            };
            task.setOnSucceeded(e -> finish(task, () -> onSuccess.accept(task.getValue())));
            task.setOnFailed(e -> finish(task, () -> (onFailure != null ? onFailure : defaultFailure).accept(task.getException())));
            task.setOnCancelled(e -> finish(task, () -> { }));
            Runnable track = () -> running.add(task);
            if (Platform.isFxApplicationThread()) {
                track.run();
            } else {
                Platform.runLater(track);
            }
            executor.execute(task);
            return task;
        }

        private void finish(Task<T> task, Runnable handler) {
            running.remove(task);
            try {
                handler.run();
            } finally {
                andFinally.run();
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
