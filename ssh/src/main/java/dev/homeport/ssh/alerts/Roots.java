package dev.homeport.ssh.alerts;

import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.RemoteCommandException;
import java.util.ArrayList;
import java.util.List;

/** A command as root, outside a provisioning run: as it is for root, else through {@code sudo -n} (which fails at once when it would ask). */
final class Roots {
    private Roots() {
    }

    static Command.Simple asRoot(NodeConnection connection, Command.Simple command) {
        String uid = connection.exec(Command.of("id", "-u")).out().strip();
        if (uid.equals("0")) {
            return command;
        }
        ExecResult sudo = connection.exec(Command.of("sudo", "-n", "true"));
        if (!sudo.ok()) {
            throw new RemoteCommandException("This needs root on " + connection.target().name() + ", but "
                    + "its user has no passwordless sudo. Connect as root, or give the user passwordless sudo.", sudo);
        }
        List<String> argv = new ArrayList<>(List.of("sudo", "-n", "--"));
        argv.addAll(command.argv());
        return Command.of(argv);
    }
}
