package dev.homeport.app.desktop.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * When the emulator's reader waits for a frame. It waits only in {@link FloodPacer}'s wait for the next frame (a timed
 * wait), so a reader seen in {@link Thread.State#TIMED_WAITING} is one the pacer held; the readers here never sleep.
 */
class FloodPacerTest {

    /**
     * Output as an SSH channel's arrives in a flood: a packet at a time, and at the end of most reads nothing is
     * waiting yet, though the next packet comes at once. The budget must run out all the same.
     */
    @Test
    void aFloodThatFindsNothingWaitingBetweenPacketsStillWaitsForAFrame() throws Exception {
        FloodPacer pacer = new FloodPacer();
        pacer.framed();
        AtomicBoolean going = new AtomicBoolean(true);
        Thread reader = reader(() -> {
            while (going.get()) {
                pacer.read(false);
            }
        });
        try {
            assertThat(heldWithin(reader, TimeUnit.SECONDS.toNanos(10))).as("the reader waited for a frame").isTrue();
        } finally {
            going.set(false);
            pacer.close();
            reader.join(5_000);
        }
    }

    /** Output that comes now and then (a prompt, a line of a log) is taken in at once, with no frame drawn meanwhile. */
    @Test
    void outputAfterAPauseIsNotHeld() throws Exception {
        FloodPacer pacer = new FloodPacer();
        pacer.framed();
        AtomicBoolean done = new AtomicBoolean();
        Thread reader = reader(() -> {
            for (int i = 0; i < 20; i++) {
                pacer.read(false);
                // Nothing comes for longer than the pause that ends a flood (busy, so the thread stays runnable).
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FloodPacer.IDLE_MILLIS + 4);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            done.set(true);
        });
        // Held, the reader would wait 50 ms for a frame that never comes, at each of its 20 reads.
        boolean held = heldWithin(reader, TimeUnit.SECONDS.toNanos(30));
        reader.join(30_000);
        assertThat(held).as("the reader waited for a frame").isFalse();
        assertThat(done).isTrue();
    }

    private interface Reads {
        void run() throws InterruptedIOException;
    }

    private static Thread reader(Reads reads) {
        Thread reader = new Thread(() -> {
            try {
                reads.run();
            } catch (InterruptedIOException e) {
                throw new IllegalStateException(e);
            }
        }, "reader");
        reader.start();
        return reader;
    }

    /** Whether {@code reader} is seen waiting for a frame before it ends or {@code nanos} pass. */
    private static boolean heldWithin(Thread reader, long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (reader.isAlive() && System.nanoTime() < deadline) {
            if (reader.getState() == Thread.State.TIMED_WAITING) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }
}
