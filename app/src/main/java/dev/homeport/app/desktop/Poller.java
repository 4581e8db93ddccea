package dev.homeport.app.desktop;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one poller: what a page shows and reads again and again (a node's metrics and
 * containers, a service's log stream) runs here, each in a {@link Polling} the page owns.
 * A polling's rounds run one after another on a virtual thread; what a round shows reaches
 * the FX thread only while its generation is current, so an answer that comes late (after a
 * restart with another range, a stop or a close) never overwrites a newer one. Stopping
 * interrupts the round under way; a page stops its pollings when it leaves the screen, and
 * closing the poller stops them all.
 */
public final class Poller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Poller.class);
    static final Duration AFTER_A_FAILURE = Duration.ofSeconds(10);

    private final Executor fx;
    private final ThreadFactory threads = Thread.ofVirtual().name("homeport-poll-", 0).factory();
    private final Set<Polling> pollings = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Answers go to the JavaFX thread. */
    public Poller() {
        this(Platform::runLater);
    }

    /** Answers go to {@code fx}, which runs them one at a time in order (the FX thread, or a test's queue). */
    public Poller(Executor fx) {
        this.fx = fx;
    }

    /** A place on a page that is refreshed by rounds; nothing runs until {@link Polling#start}. */
    public Polling polling(String name) {
        return new Polling(name);
    }

    /** Stops every polling; rounds still running end, and what they show is dropped. */
    @Override
    public void close() {
        closed = true;
        pollings.forEach(Polling::stop);
    }

    /** One round of reading, off the FX thread. */
    @FunctionalInterface
    public interface Round {
        /**
         * Reads once and hands what to show to {@code answers}; returns how long to wait before the
         * next round, or null when there is no next one (a stream that ended). An exception other than
         * an interruption is logged and the round runs again 10 s later; a round that wants to show
         * its failures catches them itself.
         */
        Duration run(Answers answers) throws Exception;
    }

    /** Where a round hands its results. */
    public interface Answers {
        /** Runs {@code show} on the FX thread, unless the polling was restarted, stopped or closed since this round's start. */
        void show(Runnable show);

        /** True until the polling is restarted, stopped or closed. */
        boolean current();
    }

    /** One page's periodic reading. Start and stop it on the FX thread; the poller holds it only while it runs. */
    public final class Polling {
        private final String name;
        private final AtomicLong generation = new AtomicLong();
        private Thread thread;

        private Polling(String name) {
            this.name = name;
        }

        /**
         * Starts polling with {@code round}, first at once, in place of what ran before: the earlier
         * round is interrupted, and whatever it shows from now on is dropped.
         */
        public synchronized void start(Round round) {
            stop();
            if (closed) {
                return;
            }
            long mine = generation.get();
            pollings.add(this);
            thread = threads.newThread(() -> loop(round, new RoundAnswers(mine)));
            thread.start();
        }

        /** Stops polling, as when the page leaves the screen; what a round under way shows from now on is dropped. */
        public synchronized void stop() {
            generation.incrementAndGet();
            pollings.remove(this);
            if (thread != null) {
                thread.interrupt();
                thread = null;
            }
        }

        private void loop(Round round, RoundAnswers answers) {
            while (answers.current()) {
                Duration pause;
                try {
                    pause = round.run(answers);
                } catch (InterruptedException stopped) {
                    return;
                } catch (Exception e) {
                    if (!answers.current()) {
                        return; // stopped in the middle: the failure is the interruption's
                    }
                    log.warn("Polling {} failed: {}", name, e.toString());
                    pause = AFTER_A_FAILURE;
                }
                if (pause == null) {
                    return;
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }

        private final class RoundAnswers implements Answers {
            private final long mine;

            RoundAnswers(long mine) {
                this.mine = mine;
            }

            @Override
            public void show(Runnable show) {
                fx.execute(() -> {
                    if (current()) {
                        show.run();
                    }
                });
            }

            @Override
            public boolean current() {
                return !closed && generation.get() == mine;
            }
        }
    }
}
