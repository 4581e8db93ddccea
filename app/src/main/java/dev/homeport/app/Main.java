package dev.homeport.app;

import dev.homeport.app.cli.Cli;
import dev.homeport.app.desktop.DesktopApp;
import dev.homeport.model.HomeportHome;

/** With no arguments the launcher opens the desktop app; with arguments it is the {@code homeport} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Before the first logger exists: logback writes the log into the data folder.
        System.setProperty("homeport.logs", HomeportHome.fromEnvironment().logs().toString());
        if (args.length == 0) {
            // JavaFX's CSS code asks for a System.Logger while it styles the first window, and the
            // JDK then looks for a LoggerFinder in every jar on the class path (some 40, signed ones
            // among them). Asking on another thread while the toolkit starts takes that search off
            // the way to the first frame (docs/startup.md).
            Thread.ofPlatform().daemon().name("homeport-logger-finder").start(() -> System.getLogger(Main.class.getName()));
            DesktopApp.start(args);
        } else {
            System.exit(Cli.run(args));
        }
    }
}
