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
            DesktopApp.start(args);
        } else {
            System.exit(Cli.run(args));
        }
    }
}
