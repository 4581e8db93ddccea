package dev.homeport.app.cli;

import dev.homeport.app.Homeport;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.inventory.Inventory;

/**
 * What the commands share: the terminal, the output, and the store, opened on
 * first use. Commands that never need the store (help, version, a broken
 * import file) never create or lock it.
 */
final class CliContext implements AutoCloseable {
    private final HomeportHome home;
    private final Terminal terminal;
    private final Output output;
    private Homeport homeport;

    CliContext(HomeportHome home, Terminal terminal, Output output) {
        this.home = home;
        this.terminal = terminal;
        this.output = output;
    }

    Homeport homeport() {
        if (homeport == null) {
            homeport = Homeport.open(home, this::askMasterPassphrase);
        }
        return homeport;
    }

    Inventory inventory() {
        return homeport().inventory();
    }

    Terminal terminal() {
        return terminal;
    }

    Output output() {
        return output;
    }

    /** The vault's prompt. A passphrase is never taken from the command line, where {@code ps} would show it. */
    private char[] askMasterPassphrase(int attempt) {
        if (!terminal.interactive()) {
            throw new CliException(Cli.FAILED, "The vault is protected by a master passphrase, which can only be typed"
                    + " at a terminal; run homeport in a terminal.");
        }
        return terminal.readPassword(attempt == 1 ? "Master passphrase: " : "Wrong passphrase, try again: ");
    }

    @Override
    public void close() {
        if (homeport != null) {
            homeport.close();
        }
    }
}
