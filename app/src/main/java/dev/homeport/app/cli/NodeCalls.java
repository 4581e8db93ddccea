package dev.homeport.app.cli;

import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.nodes.NodeService;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * What the commands that work on a saved node share: finding it by name, and
 * connecting to it with the terminal's prompts. A host key seen for the first
 * time is shown and can be accepted at a terminal, as with {@code node exec};
 * in a script the command stops and says how to accept it.
 */
final class NodeCalls {
    private final CliContext context;
    private final PrintWriter err;

    NodeCalls(CliContext context, PrintWriter err) {
        this.context = context;
        this.err = err;
    }

    WorkerNode node(String name) {
        return context.homeport().nodes().node(name);
    }

    NodeService service() {
        return context.homeport().nodeService();
    }

    /**
     * Connects to the node now, before work that connects to it again (reusing this connection):
     * a new host key is confirmed and a passphrase asked for here, on this thread, and a node
     * that cannot be reached stops the command before anything starts. Returns the prompts to
     * hand on to that work.
     */
    TerminalPrompts connectNow(WorkerNode node) {
        NodeService service = service();
        return connect(node, prompts -> {
            service.connection(node, prompts).connect();
            return prompts;
        });
    }

    /**
     * Runs {@code call} with one set of prompts for the whole command; when it stops at an
     * unknown host key the user accepts, the key is pinned on the node and the call runs again.
     */
    <T> T connect(WorkerNode node, Function<TerminalPrompts, T> call) {
        TerminalPrompts prompts = new TerminalPrompts(context.terminal());
        String howToAccept = "Nothing was accepted: input is not a terminal. Run 'homeport node test " + node.name()
                + "' at a terminal to confirm the key, or pass it " + HostKeyCheck.ACCEPT_OPTION + " once you have checked the fingerprint.";
        NodeService service = service();
        return new HostKeyCheck(context.terminal(), err, false, howToAccept)
                .connect(() -> call.apply(prompts), e -> service.acceptHostKey(node, e));
    }
}
