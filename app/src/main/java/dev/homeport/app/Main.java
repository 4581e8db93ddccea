package dev.homeport.app;

import dev.homeport.app.cli.Cli;
import dev.homeport.app.cli.CliClient;
import dev.homeport.app.cli.CliServer;
import dev.homeport.app.desktop.DesktopApp;
import dev.homeport.model.HomeportHome;

/**
 * With no arguments the launcher opens the desktop app, which serves the command line while
 * it is open; with arguments it is the {@code homeport} command, sent to the open app when
 * there is one, else run here.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        HomeportHome home = HomeportHome.fromEnvironment();
        if (args.length > 0) {
            // First, before the store, picocli or logging are loaded: is the app open to run the command?
            int served = CliClient.run(home.cliSocket(), args);
            if (served != CliClient.NOT_SERVED) {
                System.exit(served);
            }
        }
        // Before the first logger exists: logback writes the log into the data folder.
        System.setProperty("homeport.logs", home.logs().toString());
        if (args.length == 0) {
            // JavaFX's CSS code asks for a System.Logger while it styles the first window, and the
            // JDK then looks for a LoggerFinder in every jar on the class path (some 40, signed ones
            // among them). Asking on another thread while the toolkit starts takes that search off
            // the way to the first frame (docs/startup.md).
            Thread.ofPlatform().daemon().name("homeport-logger-finder").start(() -> System.getLogger(Main.class.getName()));
            DesktopApp.start(args, CliServer::start);
        } else {
            System.exit(Cli.run(args));
        }
    }
}
