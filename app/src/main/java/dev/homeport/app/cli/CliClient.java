package dev.homeport.app.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The {@code homeport} command's first step: when the desktop app has the store
 * open, it serves the command line on a Unix-domain socket in the data folder
 * ({@link CliServer}), and this sends the command there instead of opening the
 * store. It forwards standard input and prompts, prints what comes back as it
 * comes, passes Ctrl-C on as a cancel, and returns the command's exit code.
 *
 * <p>It is the only class the command loads before it knows whether the app is
 * open: no store, no picocli, no SSH, no logging.
 */
public final class CliClient {
    /** {@link #run} found no app to serve the command: run it in this process. */
    public static final int NOT_SERVED = -1;
    /** How long Ctrl-C waits for the app to end the cancelled command and report it. */
    private static final long CANCEL_WAIT_SECONDS = 30;
    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private final SocketChannel channel;
    private final DataOutputStream toApp;
    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Terminal.Asker console;
    private final BlockingQueue<CliWire.Frame> requests = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    /** The terminal while the app runs a session on it ({@code homeport shell}); JLine is loaded only then. */
    private SessionTerminal session;

    private CliClient(SocketChannel channel, InputStream stdin, PrintStream stdout, PrintStream stderr, Terminal.Asker console) {
        this.channel = channel;
        this.toApp = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.console = console;
    }

    /** Runs {@code args} in the app serving on {@code socket}, on this process's streams; {@link #NOT_SERVED} when none is. */
    public static int run(Path socket, String[] args) {
        Console console = System.console();
        Terminal.Asker asker = console == null || !console.isTerminal() ? null
                : (prompt, echo) -> echo ? toChars(console.readLine("%s", prompt)) : console.readPassword("%s", prompt);
        return run(socket, args, Path.of("").toAbsolutePath(), System.in, System.out, System.err, asker, true);
    }

    /**
     * Runs {@code args} in the app serving on {@code socket}, as if typed in {@code folder}; {@link #NOT_SERVED}
     * when no app is serving. With a {@code console} (the terminal), prompts are asked there; without one nothing is asked.
     * {@code ctrlC}: a shutdown hook passes Ctrl-C on to the app as a cancel.
     */
    static int run(Path socket, String[] args, Path folder, InputStream stdin, PrintStream stdout, PrintStream stderr,
                   Terminal.Asker console, boolean ctrlC) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return NOT_SERVED;
        }
        String refused = refusal(socket);
        if (refused != null) {
            stderr.println("homeport: " + refused);
            return Cli.FAILED;
        }
        Object before = fileKey(socket);
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException noListener) {
            // A socket no app listens on was left by an app that crashed: it goes, and the command runs here.
            if (Objects.equals(before, fileKey(socket))) {
                try {
                    Files.deleteIfExists(socket);
                } catch (IOException ignored) {
                    // the store lock still keeps two processes apart
                }
            }
            return NOT_SERVED;
        }
        try (channel) {
            return new CliClient(channel, stdin, stdout, stderr, console).serve(args, folder, ctrlC);
        } catch (IOException e) {
            stderr.println("homeport: lost the connection to the Homeport app: " + e.getMessage());
            return Cli.FAILED;
        }
    }

    /** Why the socket may not be used, or null: another user's socket, or one in a folder others may enter, is refused. */
    static String refusal(Path socket) {
        if (!socket.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return null;
        }
        try {
            String me = System.getProperty("user.name");
            PosixFileAttributes file = Files.readAttributes(socket, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributes folder = Files.readAttributes(socket.getParent(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!file.isOther()) {
                return "refusing " + socket + ": it is not a socket";
            }
            if (!file.owner().getName().equals(me) || !folder.owner().getName().equals(me)) {
                return "refusing the app's socket " + socket + ": it is owned by " + file.owner().getName() + " (the folder by "
                        + folder.owner().getName() + "), not by " + me;
            }
            if (folder.permissions().stream().anyMatch(OTHERS::contains) || file.permissions().stream().anyMatch(OTHERS::contains)) {
                return "refusing the app's socket " + socket + ": others may use it (the socket must be 0600 and its folder 0700)";
            }
            return null;
        } catch (IOException e) {
            return "cannot check the app's socket " + socket + ": " + e.getMessage();
        }
    }

    private static Object fileKey(Path socket) {
        try {
            return Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException gone) {
            return null;
        }
    }

    private int serve(String[] args, Path folder, boolean ctrlC) throws IOException {
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        DataOutputStream body = new DataOutputStream(run);
        body.writeInt(CliWire.VERSION);
        CliWire.putString(body, folder.toString());
        body.writeByte(console != null ? 1 : 0);
        body.writeInt(args.length);
        for (String arg : args) {
            CliWire.putString(body, arg);
        }
        CliWire.write(toApp, CliWire.RUN, run.toByteArray());
        Thread input = Thread.ofPlatform().daemon().name("homeport-client-input").start(this::answer);
        Thread cancel = new Thread(this::cancel, "homeport-client-cancel");
        if (ctrlC) {
            Runtime.getRuntime().addShutdownHook(cancel);
        }
        try {
            DataInputStream fromApp = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            for (CliWire.Frame frame; (frame = CliWire.read(fromApp)) != null; ) {
                switch (frame.type()) {
                    case CliWire.STDOUT -> {
                        stdout.write(frame.payload());
                        stdout.flush();
                    }
                    case CliWire.STDERR -> {
                        stderr.write(frame.payload());
                        stderr.flush();
                    }
                    case CliWire.READ, CliWire.PROMPT -> requests.add(frame);
                    case CliWire.SESSION -> session(frame.payload().length == 1 ? frame.payload()[0] : 0);
                    case CliWire.EXIT -> {
                        ended.countDown();
                        return frame.data().readInt();
                    }
                    default -> throw new IOException("unexpected frame '" + (char) frame.type() + "'");
                }
            }
            throw new IOException("the app ended the connection before the command ended (was it closed?)");
        } finally {
            endSession();
            ended.countDown();
            input.interrupt();
            if (ctrlC) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cancel);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is waiting for this very end
                }
            }
        }
    }

    /** The app's session (a shell) on this terminal: its size and resizes go to the app, then raw mode, then back. */
    private void session(byte what) throws IOException {
        switch (what) {
            case CliWire.SESSION_SIZE -> {
                if (session == null) {
                    session = LocalSessionTerminal.open();
                }
                sendSize(session.columns(), session.rows());
                session.onResize((columns, rows) -> {
                    try {
                        sendSize(columns, rows);
                    } catch (IOException gone) {
                        // the command has ended
                    }
                });
            }
            case CliWire.SESSION_RAW -> {
                if (session != null) {
                    session.raw();
                }
            }
            case CliWire.SESSION_END -> endSession();
            default -> throw new IOException("unexpected session request '" + (char) what + "'");
        }
    }

    private void sendSize(int columns, int rows) throws IOException {
        ByteArrayOutputStream size = new ByteArrayOutputStream(8);
        DataOutputStream body = new DataOutputStream(size);
        body.writeInt(columns);
        body.writeInt(rows);
        CliWire.write(toApp, CliWire.SIZE, size.toByteArray());
    }

    private void endSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    /** Ctrl-C: the app cancels the command, which then reports and ends; the process waits for that. */
    private void cancel() {
        try {
            CliWire.write(toApp, CliWire.CANCEL, new byte[0]);
            ended.await(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (IOException gone) {
            // the app has already ended the command
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Standard input and prompts, one request at a time, off the thread that prints the command's output. */
    private void answer() {
        try {
            while (true) {
                CliWire.Frame request = requests.take();
                if (request.type() == CliWire.READ) {
                    byte[] buffer = new byte[Math.clamp(request.data().readInt(), 1, CliWire.MAX_PAYLOAD)];
                    int read = stdin.read(buffer);
                    CliWire.write(toApp, CliWire.STDIN, buffer, 0, Math.max(read, 0));
                } else {
                    prompt(request);
                }
            }
        } catch (InterruptedException | IOException ended) {
            // the command ended, or the connection did
        }
    }

    private void prompt(CliWire.Frame request) throws IOException {
        DataInputStream data = request.data();
        boolean echo = data.readByte() == 1;
        String prompt = CliWire.getString(data);
        char[] answer = console == null ? null : console.ask(prompt, echo);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(answer == null ? 0 : 1);
        byte[] encoded = answer == null ? new byte[0] : encode(answer);
        bytes.write(encoded);
        byte[] frame = bytes.toByteArray();
        try {
            CliWire.write(toApp, CliWire.ANSWER, frame);
        } finally {
            // A passphrase does not stay in memory longer than it must.
            Arrays.fill(encoded, (byte) 0);
            Arrays.fill(frame, (byte) 0);
            if (answer != null) {
                Arrays.fill(answer, '\0');
            }
        }
    }

    private static char[] toChars(String line) {
        return line == null ? null : line.toCharArray();
    }

    private static byte[] encode(char[] chars) {
        var buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }
}
