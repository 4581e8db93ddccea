package dev.homeport.app.desktop.terminal;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Paces JediTermFX's emulator while output floods in: after at most 8 ms of taking it in, the emulator's
 * reader waits until the screen has been drawn ({@link #framed()}, at most 50 ms; 1 ms when no frames are
 * told). The emulator takes the screen's lock for each change it makes, and the FX thread takes it to draw;
 * the lock is not fair, so an emulator that never pauses kept a redraw (and with it every click and key)
 * waiting, and one that only paused for a millisecond could miss the FX thread on a busy machine. Waiting for
 * the frame hands the lock over at each pulse, and leaves the CPU to the drawing meanwhile. Whoever feeds the
 * emulator is told to wait meanwhile (SSH flow control, a pipe's buffer), so nothing is lost.
 */
public final class FloodPacer {
    private static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(8);
    /** The longest a flooded reader waits for a frame (when none comes, it goes on: a hidden window draws none). */
    private static final long FRAME_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private final Object frames = new Object();
    private long frame;
    private volatile boolean framed;
    private volatile boolean closed;
    private long busySince = System.nanoTime();

    /**
     * Called by the reader after each read (on the emulator's thread), with whether more output is waiting:
     * returns at once, or after the next frame when the flood has had its 8 ms.
     */
    public void read(boolean moreWaiting) throws InterruptedIOException {
        long now = System.nanoTime();
        if (!moreWaiting) {
            busySince = now;
            return;
        }
        if (now - busySince <= BUDGET_NANOS) {
            return;
        }
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
