package dev.homeport.app.cli;

import picocli.CommandLine.Command;

/** {@code homeport settings}: the store's own settings, as the desktop app's Settings page shows them. */
@Command(name = "settings", description = "See and change Homeport's settings: how much history the store keeps, the alerts of the nodes"
        + " and what makes a crash loop, and how much of a log the app's Logs tab keeps.")
final class SettingsCmd extends GroupCmd {
}
