package dev.homeport.app.cli;

import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.ssh.tunnel.Tunnel;
import dev.homeport.ssh.tunnel.TunnelTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "tunnel", description = {
        "Forward a local port to a service's container port, or to a port on a node, over the node's SSH connection"
                + " (as ssh -L does). It listens on 127.0.0.1 only.",
        "ORG/APP/ENV/SERVICE leads to the container of the service's live release, on its own port or on :PORT;"
                + " on a cluster, to one running replica (named as web.2@n3), through its node. NODE:PORT leads to a port"
                + " on the node itself (its 127.0.0.1), such as Netdata (19999).",
        "It prints the local address first, then a line for each connection, and runs until Ctrl-C or until its"
                + " standard input ends (in a script, keep it open: sleep infinity | homeport tunnel ...)."},
        footer = {"%nExamples:",
                "  homeport tunnel acme/shop/prod/web",
                "  homeport tunnel acme/shop/prod/db:5432 --local 15432",
                "  homeport tunnel n1:19999"})
final class TunnelCmd implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SERVICE[:PORT]|NODE:PORT", description = "ORG/APP/ENV/SERVICE, optionally with :PORT; or NODE:PORT.")
    String targetText;

    @Option(names = "--local", paramLabel = "PORT", description = "The local port to listen on (default: the target's port number"
            + " when it is free and 1024 or above, else any free port).")
    Integer local;

    TunnelCmd(CliContext context) {
        this.context = context;
    }

    /** What the argument names: a service (with a port or not), or a node and a port. */
    record Target(String servicePath, String nodeName, Integer port) {
        static Target parse(String text) {
            int colon = text.lastIndexOf(':');
            String name = colon < 0 ? text : text.substring(0, colon);
            Integer port = colon < 0 ? null : port(text.substring(colon + 1), text);
            if (name.contains("/")) {
                return new Target(name, null, port);
            }
            if (port == null) {
                throw new CliException(Cli.BAD_INPUT, "'" + text + "' names neither a service (ORG/APP/ENV/SERVICE) nor a node's port"
                        + " (NODE:PORT).");
            }
            if (name.isEmpty()) {
                throw new CliException(Cli.BAD_INPUT, "'" + text + "': name the node before the port (NODE:PORT).");
            }
            return new Target(null, name, port);
        }

        private static int port(String digits, String text) {
            try {
                int port = Integer.parseInt(digits);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException notANumber) {
                // said below
            }
            throw new CliException(Cli.BAD_INPUT, "'" + text + "': the port after ':' must be a number from 1 to 65535.");
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        if (local != null && (local < 1 || local > 65535)) {
            throw new CliException(Cli.BAD_INPUT, "--local: a port from 1 to 65535, got " + local);
        }
        PrintWriter err = spec.commandLine().getErr();
        Target parsed = Target.parse(targetText);
        TerminalPrompts prompts;
        TunnelTarget target;
        if (parsed.servicePath() != null) {
            long serviceId = context.inventory().resolve(InventoryPath.parse(parsed.servicePath(), Level.SERVICE)).id();
            prompts = new DeployCalls(context, err).promptsForLiveNode(serviceId);
            target = context.homeport().deployService().tunnelTarget(serviceId, parsed.port(), prompts);
        } else {
            WorkerNode node = context.homeport().nodes().node(parsed.nodeName());
            prompts = new NodeCalls(context, err).connectNow(node);
            target = TunnelTarget.nodePort(node, parsed.port());
        }
        Output out = context.output();
        Tunnel tunnel = context.homeport().tunnels().open(target, local, prompts, new Tunnel.Listener() {
            @Override
            public void opened(int number, InetSocketAddress from) {
                out.line("#" + number + " connected from " + from.getAddress().getHostAddress() + ":" + from.getPort());
            }

            @Override
            public void closed(int number, long sent, long received) {
                out.line("#" + number + " closed: " + Tunnel.size(sent) + " sent, " + Tunnel.size(received) + " received");
            }

            @Override
            public void failed(int number, String reason) {
                out.line("#" + number + " failed: " + Output.printable(reason, false));
            }
        });
        out.line(tunnel.localAddress() + " -> " + target.what());
        if (target.http()) {
            out.line("Open " + tunnel.localUrl("http") + " in a browser.");
        }
        out.line("Ctrl-C to close.");
        CountDownLatch ended = new CountDownLatch(1);
        // Ctrl-C ends the JVM through its shutdown hooks; this one closes the tunnel first.
        Thread stop = new Thread(() -> {
            tunnel.close();
            ended.countDown();
        }, "homeport-tunnel-stop");
        context.interrupts().add(stop);
        Thread stdin = Thread.ofVirtual().name("homeport-tunnel-stdin").start(() -> {
            drain(context.terminal().stdin());
            ended.countDown();
        });
        try {
            ended.await();
        } finally {
            tunnel.close();
            stdin.interrupt();
            // When the hook is running, the tunnel is being closed.
            context.interrupts().remove(stop);
        }
        Tunnel.Stats stats = tunnel.stats();
        out.line("Closed after " + stats.total() + (stats.total() == 1 ? " connection: " : " connections: ") + Tunnel.size(stats.sent())
                + " sent, " + Tunnel.size(stats.received()) + " received.");
        return Cli.OK;
    }

    /** Reads standard input to its end, or until it fails. */
    private static void drain(InputStream in) {
        byte[] buffer = new byte[1024];
        try {
            while (in.read(buffer) >= 0) {
                // what is typed is ignored
            }
        } catch (IOException ended) {
            // the same as its end
        }
    }
}
