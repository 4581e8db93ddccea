package dev.homeport.app.cli;

import dev.homeport.app.Homeport;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.store.StoreLockedException;
import java.nio.file.Path;

/**
 * What the commands share: the terminal, the output, the folder relative paths
 * are resolved in, where Ctrl-C arrives, and the store. In its own process the
 * command opens the store on first use, so commands that never need it (help,
 * version, a broken import file) never create or lock it. Served by the open
 * app ({@link CliServer}), it uses the app's open store and never closes it.
 */
final class CliContext implements AutoCloseable {
    private final HomeportHome home;
    private final Terminal terminal;
    private final Output output;
    private final Path folder;
    private final Interrupts interrupts;
    private final boolean owned;
    private Homeport homeport;

    CliContext(HomeportHome home, Terminal terminal, Output output) {
        this.home = home;
        this.terminal = terminal;
        this.output = output;
        this.folder = Path.of("").toAbsolutePath();
        this.interrupts = Interrupts.JVM;
        this.owned = true;
    }

    /** A command the app serves: its open store, the client's folder, Ctrl-C from the client. */
    CliContext(Homeport open, Terminal terminal, Output output, Path folder, Interrupts interrupts) {
        this.home = open.home();
        this.homeport = open;
        this.terminal = terminal;
        this.output = output;
        this.folder = folder;
        this.interrupts = interrupts;
        this.owned = false;
    }

    /** True for a command the open app serves (its store, its running tunnels); false in a process of its own. */
    boolean servedByApp() {
        return !owned;
    }

    Homeport homeport() {
        if (homeport == null) {
            try {
                homeport = Homeport.open(home, this::askMasterPassphrase);
            } catch (StoreLockedException locked) {
                // The app serves commands once its store is open; before that, its lock is all there is.
                throw new CliException(Cli.FAILED, locked.getMessage() + " An open Homeport app runs homeport commands itself once"
                        + " its store is open; if it is still starting or asking for its master passphrase, try again then.", locked);
            }
        }
        return homeport;
    }

    /** The data folder, without opening the store. */
    HomeportHome home() {
        return home;
    }

    /** The database service a path names; a path to another service is bad input. */
    long databaseId(dev.homeport.model.inventory.InventoryPath path) {
        long serviceId = inventory().resolve(path).id();
        if (inventory().databases().find(serviceId).isEmpty()) {
            throw new CliException(Cli.BAD_INPUT, "'" + path + "' is not a database (see 'homeport db create').");
        }
        return serviceId;
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

    /** Where Ctrl-C reaches the command. */
    Interrupts interrupts() {
        return interrupts;
    }

    /** A path as typed: relative ones are in the folder the command was typed in, also when the app runs it. */
    Path resolve(Path path) {
        return folder.resolve(path).normalize();
    }

    /** The folder the command was typed in. */
    Path folder() {
        return folder;
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
        if (homeport != null && owned) {
            homeport.close();
        }
    }
}
