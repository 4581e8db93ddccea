package dev.homeport.app.desktop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a notification to the desktop's own notification centre, for events the user
 * should see while Homeport is in the background, such as a node going down. JavaFX has
 * no API for it, so this runs the platform's standard tool: {@code notify-send} (libnotify)
 * on Linux and {@code osascript} on macOS, with arguments and no shell. Where neither is
 * there, the in-app notice is all the user gets. Blocking: call it off the FX thread.
 */
public final class SystemNotifier {
    private static final Logger log = LoggerFactory.getLogger(SystemNotifier.class);
    private final Optional<Path> notifySend;
    private final boolean mac;

    public SystemNotifier() {
        this.mac = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
        this.notifySend = mac ? Optional.empty() : onPath("notify-send");
    }

    /** Whether notifications can reach the desktop here. */
    public boolean available() {
        return mac || notifySend.isPresent();
    }

    /** Shows the notification; failures are logged, never thrown: a missed notice must not stop anything. */
    public void send(String title, String text) {
        List<String> argv;
        if (notifySend.isPresent()) {
            argv = List.of(notifySend.get().toString(), "--app-name=Homeport", "--", title, text);
        } else if (mac) {
            // The texts reach AppleScript as arguments (argv), never as script source.
            argv = List.of("osascript", "-e", "on run argv", "-e", "display notification (item 2 of argv) with title (item 1 of argv)",
                    "-e", "end run", title, text);
        } else {
            return;
        }
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            log.debug("No desktop notification: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return List.of(path.split(java.io.File.pathSeparator)).stream()
                .map(folder -> Path.of(folder, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
