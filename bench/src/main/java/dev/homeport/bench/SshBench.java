package dev.homeport.bench;

import static dev.homeport.bench.Timing.join;
import static dev.homeport.bench.Timing.median;
import static dev.homeport.bench.Timing.paired;
import static dev.homeport.bench.Timing.run;

import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.transport.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Homeport's SSH layer against OpenSSH, side by side in one run, on the rig:
 * running `true` over a warm shared connection, over a fresh connection, with
 * a fresh `ssh` each time, and through an OpenSSH ControlMaster; and one
 * command on 20 node containers at once against one after another.
 * Prints a Markdown section; medians, because the machine is shared.
 */
public final class SshBench {
    private static final int WARM_RUNS = 200;
    private static final int FRESH_RUNS = 30;
    private static final int NODES = 20;

    private SshBench() {
    }

    /** {@code --out FILE} rewrites the "## SSH" section of that page; {@code --quick} skips the 20-node part. */
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Path page = BenchArgs.out(options);
        Rig rig = Rig.load();
        if (rig == null) {
            throw new IllegalStateException("The rig is not up: run scripts/rig up");
        }
        Path scratch = Files.createTempDirectory("homeport-bench");
        StringBuilder out = new StringBuilder();
        try (NodeConnections connections = new NodeConnections(RigTargets.settings(rig, scratch))) {
            SshTarget target = RigTargets.rig(rig);
            NodeConnection warm = connections.to(target, Prompts.NONE);
            for (int i = 0; i < 20; i++) {
                warm.exec(Command.of("true"));
            }
            List<String> ssh = sshCommand(rig);
            Path socket = scratch.resolve("cm.sock");
            run(join(ssh.subList(0, ssh.size() - 1), List.of("-M", "-S", socket.toString(), "-fN", ssh.getLast())));
            List<String> viaMaster = join(ssh.subList(0, ssh.size() - 1), List.of("-S", socket.toString(), ssh.getLast(), "true"));
            for (int i = 0; i < 10; i++) {
                run(viaMaster);
            }
            // Each pair runs back to back, so a busy moment on the shared machine hits both sides.
            double[] warmPair = paired(WARM_RUNS, () -> warm.exec(Command.of("true")).orThrow("true"), () -> run(viaMaster));
            double homeportWarm = warmPair[0];
            double sshMaster = warmPair[1];
            run(join(ssh.subList(0, ssh.size() - 1), List.of("-S", socket.toString(), "-O", "exit", ssh.getLast())));
            double[] freshPair = paired(FRESH_RUNS, () -> {
                try (NodeConnections fresh = new NodeConnections(RigTargets.settings(rig, scratch))) {
                    fresh.to(target, Prompts.NONE).exec(Command.of("true")).orThrow("true");
                }
            }, () -> run(join(ssh, List.of("true"))));
            double homeportFresh = freshPair[0];
            double sshFresh = freshPair[1];

            out.append("## SSH\n\n")
                    .append("Running `true` on the rig's OpenSSH sshd over loopback, measured ").append(java.time.LocalDate.now())
                    .append(" by `bench/run`. Medians of ").append(WARM_RUNS).append(" runs (warm) and ").append(FRESH_RUNS)
                    .append(" runs (fresh); each Homeport run is paired with the OpenSSH run it is compared with, back to back.")
                    .append(" The goals: warm at most 0.4× ControlMaster; a fresh connection no slower than a fresh `ssh`.\n\n")
                    .append("| way | median | vs ControlMaster | vs fresh `ssh` |\n|---|---|---|---|\n")
                    .append(row("Homeport, warm shared connection", homeportWarm, sshMaster, sshFresh))
                    .append(row("OpenSSH ControlMaster (`ssh -S`)", sshMaster, sshMaster, sshFresh))
                    .append(row("Homeport, fresh connection each time", homeportFresh, sshMaster, sshFresh))
                    .append(row("OpenSSH, fresh `ssh host true` each time", sshFresh, sshMaster, sshFresh))
                    .append('\n')
                    .append(String.format(Locale.ROOT, "Warm: **%.2f×** ControlMaster (goal 0.4×: %s). Fresh: **%.2f×** a fresh `ssh` (goal 1.0×: %s).%n%n",
                            homeportWarm / sshMaster, homeportWarm / sshMaster <= 0.4 ? "met" : "not met",
                            homeportFresh / sshFresh, homeportFresh <= sshFresh ? "met" : "not met"))
                    .append("""
                            A fresh `ssh` pays for a new client process, a TCP connection, key exchange and login; so does
                            Homeport's fresh connection, minus the process. On a warm connection Homeport sends short
                            commands to a shell it keeps running on the node (one per connection), so each costs a fork
                            on the node; ControlMaster pays for a client process, a new channel, and sshd's fork and exec
                            of the user's shell for every command.

                            """);
        }
        if (!options.contains("--quick")) {
            out.append(parallel(rig, scratch));
        }
        System.out.print(out);
        if (page != null) {
            BenchmarksPage.writeSection(page, "SSH", out.toString());
        }
    }

    /** One command on 20 node containers, all at once and one after another, with fresh connections. */
    private static String parallel(Rig rig, Path scratch) throws Exception {
        List<NodeContainer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                nodes.add(NodeContainer.start(rig));
            }
            double sequential;
            double concurrent;
            try (NodeConnections connections = new NodeConnections(RigTargets.settings(rig, scratch))) {
                nodes.forEach(n -> connections.hostKeys().accept(n.ip(), 22, n.hostKey("ed25519")));
                long start = System.nanoTime();
                for (NodeContainer node : nodes) {
                    connections.to(RigTargets.node(rig, node), Prompts.NONE).exec(Command.of("uptime")).orThrow("uptime");
                }
                sequential = (System.nanoTime() - start) / 1e6;
            }
            try (NodeConnections connections = new NodeConnections(RigTargets.settings(rig, scratch));
                 ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                long start = System.nanoTime();
                List<Future<?>> all = new ArrayList<>();
                for (NodeContainer node : nodes) {
                    all.add(pool.submit(() -> connections.to(RigTargets.node(rig, node), Prompts.NONE).exec(Command.of("uptime")).orThrow("uptime")));
                }
                for (Future<?> f : all) {
                    f.get(60, TimeUnit.SECONDS);
                }
                concurrent = (System.nanoTime() - start) / 1e6;
            }
            return "### One command on " + NODES + " nodes\n\n`uptime` on " + NODES + " node containers, each over a fresh connection (login included).\n\n"
                    + "| way | wall time | ratio |\n|---|---|---|\n"
                    + String.format(Locale.ROOT, "| one after another | %.0f ms | 1.00× |%n", sequential)
                    + String.format(Locale.ROOT, "| all at once | %.0f ms | %.2f× |%n%n", concurrent, concurrent / sequential);
        } finally {
            nodes.forEach(NodeContainer::close);
        }
    }

    private static String row(String way, double ms, double master, double fresh) {
        return String.format(Locale.ROOT, "| %s | %.1f ms | %.2f× | %.2f× |%n", way, ms, ms / master, ms / fresh);
    }

    private static List<String> sshCommand(Rig rig) {
        return List.of("ssh", "-q", "-i", rig.sshKey().toString(), "-p", Integer.toString(rig.sshPort()), "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + rig.knownHosts(), rig.sshUser() + "@" + rig.sshHost());
    }
}
