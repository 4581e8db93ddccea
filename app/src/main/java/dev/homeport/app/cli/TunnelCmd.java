package dev.homeport.app.cli;

import dev.homeport.app.tunnels.SavedTunnelDrafts;
import dev.homeport.model.SavedTunnelTarget;
import dev.homeport.app.tunnels.SavedTunnels;
import dev.homeport.model.SavedTunnel;
import dev.homeport.model.ValidationException;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.transport.Prompts;
import java.util.List;
import java.util.Optional;
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
                + " standard input ends (in a script, keep it open: sleep infinity | homeport tunnel ...).",
        "NAME runs a saved tunnel (see 'tunnel save') the same way, on its own local port; a service's saved tunnel"
                + " follows the service's live release, connection by connection. While the app is open, 'tunnel start'"
                + " and 'tunnel stop' run one in the app, until it closes."},
        footer = {"%nExamples:",
                "  homeport tunnel acme/shop/prod/web",
                "  homeport tunnel acme/shop/prod/db:5432 --local 15432",
                "  homeport tunnel n1:19999",
                "  homeport tunnel save db acme/shop/prod/db --local 15432 --with-app",
                "  homeport tunnel db"})
final class TunnelCmd implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SERVICE[:PORT]|NODE:PORT|NAME", arity = "0..1",
            description = "ORG/APP/ENV/SERVICE, optionally with :PORT; or NODE:PORT; or a saved tunnel's NAME.")
    String targetText;

    @Option(names = "--local", paramLabel = "PORT", description = "The local port to listen on (default: the target's port number"
            + " when it is free and 1024 or above, else any free port).")
    Integer local;

    TunnelCmd(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (targetText == null) {
            throw new CliException(Cli.BAD_INPUT, "name what to tunnel to: ORG/APP/ENV/SERVICE[:PORT], NODE:PORT or a saved tunnel's"
                    + " NAME (or: tunnel save|list|rm|start|stop; see homeport tunnel --help)");
        }
        if (local != null && (local < 1 || local > 65535)) {
            throw new CliException(Cli.BAD_INPUT, "--local: a port from 1 to 65535, got " + local);
        }
        PrintWriter err = spec.commandLine().getErr();
        if (!targetText.contains("/") && !targetText.contains(":")) {
            return runSaved(targetText);
        }
        SavedTunnelTarget parsed = parse(targetText);
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
        Tunnel tunnel = context.homeport().tunnels().open(target, local, prompts, printing());
        return serve(tunnel, target.what(), target.http(), () -> context.homeport().tunnels().close(tunnel));
    }

    /** Runs a saved tunnel until Ctrl-C, on its own local port; in the app that runs it already, says where. */
    private int runSaved(String name) throws InterruptedException {
        if (local != null) {
            throw new CliException(Cli.BAD_INPUT, "--local: a saved tunnel keeps its own local port; change it with 'tunnel save "
                    + name + " ... --local PORT'");
        }
        SavedTunnel saved = saved(name);
        SavedTunnels.Entry entry = context.homeport().savedTunnels().entry(saved);
        if (context.servedByApp() && entry.running()) {
            context.output().line(saved.localAddress() + " -> " + entry.target() + " (it runs in the app: stop it there, or with"
                    + " 'homeport tunnel stop " + name + "')");
            return Cli.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        TerminalPrompts prompts;
        Tunnel.Route route;
        TunnelTarget known = null;
        if (saved.serviceId() != null) {
            prompts = new DeployCalls(context, err).promptsForLiveNode(saved.serviceId());
            route = context.homeport().deployService().liveRoute(saved.serviceId(), saved.remotePort(), prompts);
            // Found now, so that a service with nothing live says so before listening.
            Tunnel.Hop first = route.next();
            known = first.target();
        } else {
            WorkerNode node = context.homeport().nodes().node(saved.nodeId());
            prompts = new NodeCalls(context, err).connectNow(node);
            known = TunnelTarget.nodePort(node, saved.remotePort());
            Tunnel.Hop hop = new Tunnel.Hop(context.homeport().nodeService().connection(node, prompts), known);
            route = () -> hop;
        }
        Tunnel tunnel = Tunnel.open(route, known, saved.localPort(), printing());
        return serve(tunnel, entry.target(), entry.http(), tunnel::close);
    }

    /** Prints a line for each connection. */
    private Tunnel.Listener printing() {
        Output out = context.output();
        return new Tunnel.Listener() {
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
        };
    }

    /** Says where the tunnel listens, then keeps it open until Ctrl-C or the end of standard input. */
    private int serve(Tunnel tunnel, String what, boolean http, Runnable close) throws InterruptedException {
        Output out = context.output();
        out.line(tunnel.localAddress() + " -> " + what);
        if (http) {
            out.line("Open " + tunnel.localUrl("http") + " in a browser.");
        }
        out.line("Ctrl-C to close.");
        CountDownLatch ended = new CountDownLatch(1);
        // Ctrl-C ends the JVM through its shutdown hooks; this one closes the tunnel first.
        Thread stop = new Thread(() -> {
            close.run();
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
            close.run();
            stdin.interrupt();
            // When the hook is running, the tunnel is being closed.
            context.interrupts().remove(stop);
        }
        Tunnel.Stats stats = tunnel.stats();
        out.line("Closed after " + stats.total() + (stats.total() == 1 ? " connection: " : " connections: ") + Tunnel.size(stats.sent())
                + " sent, " + Tunnel.size(stats.received()) + " received.");
        return Cli.OK;
    }

    private SavedTunnel saved(String name) {
        return context.inventory().savedTunnels().byName(name).orElseThrow(() -> new CliException(Cli.BAD_INPUT, "'" + name
                + "' names no saved tunnel (see 'homeport tunnel list'), nor a service (ORG/APP/ENV/SERVICE) nor a node's port (NODE:PORT)"));
    }

    private static SavedTunnelTarget parse(String text) {
        try {
            return SavedTunnelTarget.parse(text);
        } catch (ValidationException invalid) {
            throw new CliException(Cli.BAD_INPUT, invalid.rule(), invalid);
        }
    }

    @Command(name = "save", description = {"Save a tunnel by NAME: to a service's container port (its own unless :PORT) or to"
            + " NODE:PORT, on a fixed local port, so that a bookmark or a client's settings stay valid. Saving a NAME again changes it.",
            "It runs with 'homeport tunnel NAME', from Tunnels in the app, or, with --with-app, whenever the app is open."})
    void save(@Parameters(paramLabel = "NAME", description = "Lower-case letters, digits and hyphens.") String name,
              @Parameters(paramLabel = "SERVICE[:PORT]|NODE:PORT") String target,
              @Option(names = "--local", required = true, paramLabel = "PORT", description = "The local port (on 127.0.0.1).") int localPort,
              @Option(names = "--with-app", description = "Start it when the app starts.") boolean withApp) {
        parse(target);
        var tunnels = context.inventory().savedTunnels();
        Optional<SavedTunnel> existing = tunnels.byName(name);
        SavedTunnel draft = SavedTunnelDrafts.draft(context.homeport(), existing.map(SavedTunnel::id).orElse(0L), name, target, localPort,
                withApp);
        SavedTunnel saved = existing.isPresent() ? tunnels.update(draft) : tunnels.add(draft);
        boolean restarted = false;
        if (existing.isPresent() && context.servedByApp() && context.homeport().savedTunnels().running(saved.id()).isPresent()) {
            context.homeport().savedTunnels().stop(saved.id());
            context.homeport().savedTunnels().start(saved, Prompts.NONE);
            restarted = true;
        }
        context.output().line((existing.isPresent() ? "Changed" : "Saved") + " the tunnel " + saved.name() + ": " + saved.localAddress()
                + " -> " + SavedTunnelDrafts.targetText(context.homeport(), saved) + (saved.withApp() ? ", started with the app" : "")
                + (restarted ? " (it runs in the app again with these settings)" : "") + ".");
        if (!restarted) {
            context.output().line("Run it with 'homeport tunnel " + saved.name() + "'.");
        }
    }

    /** One saved tunnel in the list. */
    record Listed(String name, String local, String target, String withApp, String state) implements Output.Row {
        @Override
        public List<String> cells() {
            return List.of(name, local, target, withApp, state);
        }
    }

    @Command(name = "list", description = {"List the saved tunnels: name, local address, where each leads, whether it starts with"
            + " the app and, while the app is open, what it does (listening, connections, bytes)."})
    void list(@Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        List<SavedTunnels.Entry> entries = context.homeport().savedTunnels().entries();
        if (entries.isEmpty() && !json) {
            context.output().line("No saved tunnels. Save one with 'homeport tunnel save NAME SERVICE|NODE:PORT --local PORT'.");
            return;
        }
        List<Listed> rows = new java.util.ArrayList<>();
        if (!json) {
            rows.add(new Listed("NAME", "LOCAL", "LEADS TO", "WITH APP", "STATE"));
        }
        for (SavedTunnels.Entry entry : entries) {
            rows.add(new Listed(entry.saved().name(), entry.saved().localAddress(), entry.target(), entry.saved().withApp() ? "yes" : "no",
                    state(entry)));
        }
        context.output().list(json, rows);
    }

    private String state(SavedTunnels.Entry entry) {
        if (!context.servedByApp()) {
            return "-";
        }
        if (entry.running()) {
            Tunnel.Stats stats = entry.stats();
            return (stats.open() > 0 ? stats.open() + " open" : "listening") + ", " + stats.total() + " in all, "
                    + Tunnel.size(stats.sent()) + " sent, " + Tunnel.size(stats.received()) + " received";
        }
        return entry.problem() == null ? "stopped" : "stopped: " + entry.problem();
    }

    @Command(name = "rm", description = "Delete a saved tunnel (stopping it in the app first). What it leads to is not touched.")
    void rm(@Parameters(paramLabel = "NAME") String name) {
        SavedTunnel saved = saved(name);
        context.homeport().savedTunnels().stop(saved.id());
        context.inventory().savedTunnels().delete(saved.id());
        context.output().line("Deleted the tunnel " + name + " (" + saved.localAddress() + ").");
    }

    @Command(name = "start", description = {"Start a saved tunnel in the open app, where it runs until stopped or until the app"
            + " closes (as Start in Tunnels does). Needs the app open; without it, run 'homeport tunnel NAME'."})
    void start(@Parameters(paramLabel = "NAME") String name) {
        requireApp("start", name);
        SavedTunnel saved = saved(name);
        Tunnel tunnel = context.homeport().savedTunnels().start(saved, Prompts.NONE);
        SavedTunnels.Entry entry = context.homeport().savedTunnels().entry(saved);
        context.output().line(tunnel.localAddress() + " -> " + entry.target() + " runs in the app until 'homeport tunnel stop " + name
                + "' or until the app closes.");
    }

    @Command(name = "stop", description = "Stop a saved tunnel the open app runs; its connections end.")
    void stop(@Parameters(paramLabel = "NAME") String name) {
        requireApp("stop", name);
        SavedTunnel saved = saved(name);
        boolean wasRunning = context.homeport().savedTunnels().running(saved.id()).isPresent();
        context.homeport().savedTunnels().stop(saved.id());
        context.output().line(wasRunning ? "Stopped the tunnel " + name + " (" + saved.localAddress() + ")."
                : "The tunnel " + name + " was not running in the app.");
    }

    private void requireApp(String verb, String name) {
        if (!context.servedByApp()) {
            throw new CliException(Cli.FAILED, "'tunnel " + verb + "' works on the tunnels the open app runs, and the app is not open;"
                    + " run 'homeport tunnel " + name + "' to run it here until Ctrl-C");
        }
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
