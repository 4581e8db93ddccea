package dev.homeport.app.desktop.terminal;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Paces JediTermFX's emulator while output floods in: once it has taken output in for 8 ms with no frame drawn
 * meanwhile, the emulator's reader waits until the screen has been drawn ({@link #framed()}, at most 50 ms; 1 ms
 * when no frames are told). The emulator takes the screen's lock for each change it makes, and the FX thread takes
 * it to draw; the lock is not fair, so an emulator that never pauses kept a redraw (and with it every click and
 * key) waiting, and one that only paused for a millisecond could miss the FX thread on a busy machine. Waiting for
 * the frame hands the lock over at each pulse, and leaves the CPU to the drawing meanwhile. Whoever feeds the
 * emulator is told to wait meanwhile (SSH flow control, a pipe's buffer), so nothing is lost.
 *
 * <p>The budget starts again when a frame has been drawn (the FX thread had the lock), or when the reader found
 * nothing waiting and then nothing came for {@value #IDLE_MILLIS} ms; not merely because nothing was waiting at
 * one read. An SSH channel's output arrives a packet at a time, and when the emulator keeps up with it the reader
 * finds nothing waiting between packets, for a few microseconds: a budget that started again there need never run
 * out, so the emulator never waited, and the FX thread, woken when the lock was let go, could find it taken again.
 */
public final class FloodPacer {
    private static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(8);
    /** The longest a flooded reader waits for a frame (when none comes, it goes on: a hidden window draws none). */
    private static final long FRAME_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How long output must have stopped (nothing waiting, nothing read) for a new budget, when no frame was drawn. */
    static final int IDLE_MILLIS = 16;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
    private final Object frames = new Object();
    /** Frames drawn so far; written under {@code frames}. */
    private volatile long frame;
    private volatile boolean framed;
    private volatile boolean closed;
    // The reader's own state (the emulator's thread only).
    private long busySince = System.nanoTime();
    /** {@link #frame} when the budget started. */
    private long budgetFrame;
    private long lastRead = System.nanoTime();
    private boolean dry = true;

    /**
     * Called by the reader after each read (on the emulator's thread), with whether more output is waiting:
     * returns at once, or after the next frame when the flood has had its 8 ms since the last one.
     */
    public void read(boolean moreWaiting) throws InterruptedIOException {
        long now = System.nanoTime();
        long drawn = frame;
        boolean rested = dry && now - lastRead >= IDLE_NANOS;
        // Told no frames (no window paces this output), a read that finds nothing waiting ends the flood.
        if (drawn != budgetFrame || rested || (!framed && !moreWaiting)) {
            busySince = now;
            budgetFrame = drawn;
        } else if (now - busySince > BUDGET_NANOS) {
            try {
                if (framed) {
                    awaitFrame();
                } else {
                    Thread.sleep(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("The terminal was closed");
            }
            busySince = System.nanoTime();
            budgetFrame = frame;
        }
        dry = !moreWaiting;
        lastRead = System.nanoTime();
    }

    private void awaitFrame() throws InterruptedException {
        synchronized (frames) {
            long seen = frame;
            long deadline = System.nanoTime() + FRAME_WAIT_NANOS;
            while (frame == seen && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(frames, left);
            }
        }
    }

    /**
     * Tells a reader waiting in a flood that a frame has been drawn; called by the FX thread after each pulse
     * of the terminal's scene (see {@link TerminalWidgets#pace}).
     */
    public void framed() {
        synchronized (frames) {
            frame++;
            framed = true;
            frames.notifyAll();
        }
    }

    /** Lets a waiting reader go (the session is closing). */
    public void close() {
        closed = true;
        synchronized (frames) {
            frames.notifyAll();
        }
    }
}
