package dev.homeport.bench;

import static dev.homeport.bench.Timing.median;
import static dev.homeport.bench.Timing.time;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.homeport.ssh.docker.ImageTransfer;
import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Copying an image between nodes with no registry, on the rig's cluster: Homeport's
 * {@link ImageTransfer} (the nodes' Docker APIs over their SSH connections) against what a user
 * would type, {@code ssh n1 docker save IMG | ssh n2 docker load} (OpenSSH and the docker CLI),
 * side by side in one run. To one node, and to two: Homeport reading the source once for both
 * (fan-out), Homeport once per target (one after the other, and both at once), and the pipe
 * once per target. Every run starts with the
 * targets lacking the image; the ways take turns, first place rotating. Medians.
 */
public final class ImageCopyBench {
    private static final int RUNS = 7;
    private static final int BLOB_MB = 64;

    private ImageCopyBench() {
    }

    /** {@code --out FILE} rewrites the "## Image copy between nodes" section of that page; {@code --runs N} changes the run count. */
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Path page = BenchArgs.out(options);
        int runs = BenchArgs.runs(options, RUNS);
        Rig rig = Rig.load();
        if (rig == null || rig.clusterSize() < 3) {
            throw new IllegalStateException("The rig's cluster is not up: run scripts/rig up");
        }
        Path scratch = Files.createTempDirectory("homeport-image-bench");
        String tag = "homeport-bench-copy-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        String section;
        try (RigCluster cluster = new RigCluster(rig, scratch)) {
            cluster.reset();
            try {
                String id = build(cluster, tag);
                NodeDocker n1 = cluster.nodeDocker(1);
                NodeDocker n2 = cluster.nodeDocker(2);
                NodeDocker n3 = cluster.nodeDocker(3);
                ImageTransfer transfer = new ImageTransfer(text -> { });
                long[] archive = {0};
                Map<String, Timing.Step> ways = new LinkedHashMap<>();
                ways.put("one", () -> archive[0] = transfer.copy(n1, tag, List.of(n2)).getFirst().bytes());
                ways.put("one-by-hand", () -> pipe(rig, 1, 2, tag));
                ways.put("two-fan-out", () -> transfer.copy(n1, tag, List.of(n2, n3)));
                ways.put("two-each", () -> {
                    transfer.copy(n1, tag, List.of(n2));
                    transfer.copy(n1, tag, List.of(n3));
                });
                ways.put("two-each-at-once", () -> {
                    Thread second = Thread.ofVirtual().start(() -> {
                        try {
                            transfer.copy(n1, tag, List.of(n3));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    transfer.copy(n1, tag, List.of(n2));
                    second.join();
                });
                ways.put("two-by-hand", () -> {
                    pipe(rig, 1, 2, tag);
                    pipe(rig, 1, 3, tag);
                });
                List<String> names = new ArrayList<>(ways.keySet());
                Map<String, double[]> times = new LinkedHashMap<>();
                names.forEach(name -> times.put(name, new double[runs]));
                for (int round = -1; round < runs; round++) { // round -1 warms up, unmeasured
                    for (int k = 0; k < names.size(); k++) {
                        String name = names.get(Math.floorMod(k + round, names.size()));
                        removeFromTargets(cluster, tag, id);
                        double ms = time(ways.get(name));
                        checkCopied(cluster, name.startsWith("one") ? 2 : 3, id);
                        if (round >= 0) {
                            times.get(name)[round] = ms;
                        }
                    }
                    System.err.println("bench: image copy, round " + (round + 1) + " of " + runs);
                }
                removeFromTargets(cluster, tag, id);
                section = section(runs, archive[0], times);
            } finally {
                for (int n = 1; n <= 3; n++) {
                    remove(cluster, n, tag);
                }
            }
        }
        System.out.print(section);
        if (page != null) {
            BenchmarksPage.writeSection(page, "Image copy between nodes", section);
        }
    }

    private static String section(int runs, long archiveBytes, Map<String, double[]> times) {
        double one = median(times.get("one"));
        double oneByHand = median(times.get("one-by-hand"));
        double fanOut = median(times.get("two-fan-out"));
        double each = median(times.get("two-each"));
        double eachAtOnce = median(times.get("two-each-at-once"));
        double twoByHand = median(times.get("two-by-hand"));
        return "## Image copy between nodes\n\n"
                + String.format(Locale.ROOT, "An image built on cluster node 1 (the rig's Debian base and a %d MB layer of its own: a %.0f MB"
                        + " archive) copied to nodes that lack it, through this machine; Docker 20.10 on every node, OpenSSH over the rig's"
                        + " bridge. Measured %s by `bench/run --only image`; medians of %d runs, the ways taking turns (first place rotating)"
                        + " after one warm-up round. The by-hand way is `ssh n1 docker save IMG | ssh n2 docker load`.%n%n",
                        BLOB_MB, archiveBytes / 1e6, java.time.LocalDate.now(), runs)
                + "| way | median | vs by hand |\n|---|---|---|\n"
                + row("To one node: Homeport (`ImageTransfer`)", one, oneByHand)
                + row("To one node: `ssh n1 docker save IMG \\| ssh n2 docker load`", oneByHand, oneByHand)
                + row("To two nodes: Homeport, the source read once for both (fan-out, as shipped)", fanOut, twoByHand)
                + row("To two nodes: Homeport, one target after the other (the source read twice)", each, twoByHand)
                + row("To two nodes: Homeport, two copies at once (the source read twice, side by side)", eachAtOnce, twoByHand)
                + row("To two nodes: the pipe, once per node", twoByHand, twoByHand)
                + '\n'
                + String.format(Locale.ROOT, "One node: **%.2f×** the pipe. Two nodes: fan-out **%.2f×** the pipes; %.2f× Homeport one"
                        + " target after the other, and %.2f× two copies at once.%n%n", one / oneByHand, fanOut / twoByHand, fanOut / each,
                        fanOut / eachAtOnce)
                + """
                        Both ways stream: neither keeps the archive on this machine's disk. Homeport keeps one SSH connection per
                        node and sends the archive over a `docker system dial-stdio` channel; the pipe starts two ssh clients, two
                        logins and two docker CLIs. With two targets, fan-out reads (and makes) the archive once on the source and
                        receives it once here, sending each chunk to both targets as they load side by side; the slower target
                        sets the pace. Two copies at once load side by side too, but make the archive twice on the source and
                        bring it here twice.

                        """;
    }

    private static String row(String way, double ms, double byHand) {
        return String.format(Locale.ROOT, "| %s | %.2f s | %.2f× |%n", way, ms / 1000, ms / byHand);
    }

    /** The image to copy: the base image and a layer of random bytes, so every load has new data to write. */
    private static String build(RigCluster cluster, String tag) throws IOException {
        String dockerfile = "FROM " + cluster.baseImage() + "\nLABEL dev.homeport.bench=true\n"
                + "RUN head -c " + BLOB_MB + "M /dev/urandom > /blob\n";
        return cluster.buildOnNode1(tag, dockerfile);
    }

    /** What a user would type: save on one node, load on another, through two OpenSSH sessions joined by a pipe here. */
    private static void pipe(Rig rig, int from, int to, String image) throws IOException, InterruptedException {
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                new ProcessBuilder(Timing.join(ssh(rig, from), List.of("docker", "save", image))).redirectError(ProcessBuilder.Redirect.INHERIT),
                new ProcessBuilder(Timing.join(ssh(rig, to), List.of("docker", "load", "-q"))).redirectErrorStream(true)));
        pipeline.getLast().getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        for (Process process : pipeline) {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("ssh n" + from + " docker save | ssh n" + to + " docker load failed");
            }
        }
    }

    private static List<String> ssh(Rig rig, int n) {
        Path knownHosts = rig.clusterKnownHosts().orElseThrow();
        return List.of("ssh", "-q", "-i", rig.sshKey().toString(), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, rig.sshUser() + "@" + rig.clusterHost(n));
    }

    private static void removeFromTargets(RigCluster cluster, String tag, String id) {
        for (int n = 2; n <= 3; n++) {
            remove(cluster, n, tag);
            remove(cluster, n, id);
        }
    }

    private static void checkCopied(RigCluster cluster, int upTo, String id) {
        for (int n = 2; n <= upTo; n++) {
            cluster.docker(n).inspectImageCmd(id).exec();
        }
    }

    private static void remove(RigCluster cluster, int n, String image) {
        try {
            cluster.docker(n).removeImageCmd(image).withForce(true).exec();
        } catch (NotFoundException notThere) {
            // not on that node (or gone with its tag)
        }
    }
}
