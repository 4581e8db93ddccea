package dev.homeport.app.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The poller's generation check and stop, with a queue standing in for the FX thread (the test drains it). */
class PollerTest {
    private final LinkedBlockingQueue<Runnable> fxQueue = new LinkedBlockingQueue<>();
    private final Poller poller = new Poller(fxQueue::add);
    private final List<String> shown = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        poller.close();
    }

    @Test
    void anAnswerQueuedBeforeARestartIsDroppedWhenItReachesTheFxThread() throws Exception {
        Poller.Polling polling = poller.polling("test");
        CountDownLatch answered = new CountDownLatch(1);
        polling.start(answers -> {
            answers.show(() -> shown.add("15 min"));
            answered.countDown();
            return Duration.ofHours(1);
        });
        assertThat(answered.await(5, TimeUnit.SECONDS)).isTrue();
        // The user picks another range before the FX thread got to the first answer.
        polling.start(answers -> {
            answers.show(() -> shown.add("live"));
            return Duration.ofHours(1);
        });
        drainUntil(() -> shown.contains("live"));
        assertThat(shown).containsExactly("live");
    }

    @Test
    void aRoundThatAnswersAfterARestartIsDropped() throws Exception {
        Poller.Polling polling = poller.polling("test");
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch replyArrives = new CountDownLatch(1);
        CountDownLatch lateDone = new CountDownLatch(1);
        polling.start(answers -> {
            reading.countDown();
            awaitIgnoringInterrupts(replyArrives); // a read that does not notice it was interrupted
            answers.show(() -> shown.add("late"));
            lateDone.countDown();
            return Duration.ofHours(1);
        });
        assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
        polling.start(answers -> {
            answers.show(() -> shown.add("newer"));
            return Duration.ofHours(1);
        });
        drainUntil(() -> shown.contains("newer"));
        replyArrives.countDown();
        assertThat(lateDone.await(5, TimeUnit.SECONDS)).isTrue();
        drain();
        assertThat(shown).containsExactly("newer");
    }

    @Test
    void stoppingInterruptsTheRoundAndNoFurtherRoundRuns() throws Exception {
        Poller.Polling polling = poller.polling("test");
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch third = new CountDownLatch(1);
        polling.start(answers -> {
            if (rounds.incrementAndGet() == 3) {
                third.countDown();
                try {
                    Thread.sleep(Duration.ofMinutes(1));
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
            }
            answers.show(() -> shown.add("round"));
            return Duration.ofMillis(10);
        });
        assertThat(third.await(5, TimeUnit.SECONDS)).isTrue();
        drain();
        assertThat(shown).hasSize(2);

        polling.stop();

        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the round under way is interrupted").isTrue();
        Thread.sleep(200);
        assertThat(rounds).hasValue(3);
        drain();
        assertThat(shown).hasSize(2);
    }

    @Test
    void closingThePollerStopsEveryPollingAndStartsNoMore() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch bothRan = new CountDownLatch(2);
        Poller.Round counting = answers -> {
            rounds.incrementAndGet();
            bothRan.countDown();
            answers.show(() -> shown.add("round"));
            return Duration.ofMillis(10);
        };
        poller.polling("metrics").start(counting);
        Poller.Polling containers = poller.polling("containers");
        containers.start(counting);
        assertThat(bothRan.await(5, TimeUnit.SECONDS)).isTrue();

        poller.close();
        Thread.sleep(100); // a round under way when closing may still end
        int after = rounds.get();
        containers.start(counting);
        Thread.sleep(200);

        assertThat(rounds).hasValue(after);
        shown.clear();
        drain();
        assertThat(shown).as("nothing reaches the page after the close").isEmpty();
    }

    @Test
    void aFailingRoundIsTriedAgainAndARoundCanEndThePolling() throws Exception {
        Poller.Polling polling = poller.polling("test");
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch ended = new CountDownLatch(1);
        polling.start(answers -> {
            if (rounds.incrementAndGet() == 1) {
                throw new IllegalStateException("the node is away");
            }
            ended.countDown();
            return null;
        });
        assertThat(ended.await(Poller.AFTER_A_FAILURE.toSeconds() + 5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);
        assertThat(rounds).hasValue(2);
    }

    private void drain() {
        for (Runnable each = fxQueue.poll(); each != null; each = fxQueue.poll()) {
            each.run();
        }
    }

    private void drainUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Runnable each = fxQueue.poll(100, TimeUnit.MILLISECONDS);
            if (each != null) {
                each.run();
            }
        }
        assertThat(done.getAsBoolean()).isTrue();
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
