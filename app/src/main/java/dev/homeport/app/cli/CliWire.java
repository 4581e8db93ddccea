package dev.homeport.app.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The frames between the {@code homeport} command and the open app that runs it
 * (docs/cli.md, "The command line while the app is open"). Each frame is a type
 * byte, a length (4 bytes, big-endian) and that many bytes of payload. Strings are
 * UTF-8. Nothing here is logged: an answer may be a passphrase.
 *
 * <p>Client to app: {@link #RUN} once, then {@link #STDIN}, {@link #ANSWER} and
 * {@link #CANCEL} as asked or as Ctrl-C comes, and {@link #SIZE} for a session. App to
 * client: {@link #STDOUT} and {@link #STDERR} as they are written, {@link #READ} and
 * {@link #PROMPT} when the command wants input, {@link #SESSION} when it opens a shell
 * on the client's terminal, and {@link #EXIT} last.
 */
final class CliWire {
    /** Sent first in {@link #RUN}; the app refuses a client that speaks another version. */
    static final int VERSION = 2;

    /**
     * Client: version (int), working folder, interactive (1 byte), the arguments (an int count, then each). A string
     * is an int length, then that many bytes of UTF-8.
     */
    static final byte RUN = 'R';
    /** Client: bytes of standard input, in answer to {@link #READ}; an empty payload is its end. */
    static final byte STDIN = 'I';
    /** Client: the answer to a {@link #PROMPT}: 1 byte (1 = an answer follows, 0 = end of input), then its UTF-8 bytes. */
    static final byte ANSWER = 'A';
    /** Client: Ctrl-C; the command is cancelled as if it ran in the client's own process. */
    static final byte CANCEL = 'C';
    /** Client: its terminal's size, columns then rows (two ints), after {@link #SESSION_SIZE} and at each resize. */
    static final byte SIZE = 'S';

    /** App: bytes for standard output. */
    static final byte STDOUT = 'O';
    /** App: bytes for standard error. */
    static final byte STDERR = 'E';
    /** App: read up to this many bytes (int) of standard input and send them as {@link #STDIN}. */
    static final byte READ = 'r';
    /** App: ask at the terminal: 1 byte (1 = echo, 0 = a passphrase, not echoed), then the prompt (a string, as in {@link #RUN}). */
    static final byte PROMPT = 'P';
    /** App: one byte, {@link #SESSION_SIZE}, {@link #SESSION_RAW} or {@link #SESSION_END}, for a session on the client's terminal. */
    static final byte SESSION = 'T';
    /** Send the terminal's size now and at each resize. */
    static final byte SESSION_SIZE = 's';
    /** Put the terminal in raw mode. */
    static final byte SESSION_RAW = 'r';
    /** Restore the terminal as it was (also done at {@link #EXIT}, and when the connection ends). */
    static final byte SESSION_END = 'e';
    /** App: the command ended with this exit code (int); the last frame. */
    static final byte EXIT = 'X';

    /** Output is sent in frames of at most this much. */
    static final int MAX_PAYLOAD = 64 * 1024;
    /** No frame is larger (the arguments of a command included). */
    static final int MAX_FRAME = 1 << 20;

    private CliWire() {
    }

    record Frame(byte type, byte[] payload) {
        DataInputStream data() {
            return new DataInputStream(new java.io.ByteArrayInputStream(payload));
        }
    }

    /** The next frame, or null at the end of the stream. */
    static Frame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("Bad frame length " + length);
        }
        byte[] payload = new byte[length];
        try {
            in.readFully(payload);
        } catch (EOFException e) {
            throw new IOException("The connection ended inside a frame", e);
        }
        return new Frame((byte) type, payload);
    }

    /** Writes and flushes one frame; callers on several threads share {@code out}, so it is locked. */
    static void write(DataOutputStream out, byte type, byte[] payload, int offset, int length) throws IOException {
        synchronized (out) {
            out.writeByte(type);
            out.writeInt(length);
            out.write(payload, offset, length);
            out.flush();
        }
    }

    static void write(DataOutputStream out, byte type, byte[] payload) throws IOException {
        write(out, type, payload, 0, payload.length);
    }

    static void writeInt(DataOutputStream out, byte type, int value) throws IOException {
        write(out, type, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    static void putString(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String getString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("Bad string length " + length);
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
