package dev.homeport.bench;

import static dev.homeport.bench.Timing.median;

import com.github.dockerjava.api.DockerClient;
import dev.homeport.model.Database;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Backups;
import dev.homeport.model.inventory.Databases;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.inventory.Retention;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Vault;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.Restores;
import dev.homeport.ssh.backup.ScratchRestore;
import dev.homeport.ssh.backup.TableChecksums;
import dev.homeport.ssh.backup.TableSum;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployService;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.docker.ContainerExec;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A PostgreSQL database of about 1 GB on the rig's node, deployed by Homeport, backed up and restored side by side
 * in one run: Homeport's backup now (the node's script: {@code pg_dump -Fc} through age and, beside it, the tables' sums in
 * the dump's exported snapshot; the manifest) against {@code ssh node docker exec CONTAINER pg_dump -Fc > file} as a user types it; Homeport's
 * restore with its check (a scratch container beside the live one, the file's SHA-256, age, {@code pg_restore}, every
 * table's row count and checksum compared with the manifest; not the swap) against {@code pg_restore} by hand into a
 * fresh container of the same image. Every backup's sums must be the database's own and every restore must pass its
 * check, or the bench fails. Medians of a few rounds (each moves a gigabyte several times); the ways alternate, the
 * first place changing each round. Then, once, where a backup's time goes: its parts run alone in the live container.
 * The machine's load average (it is the rig's node too) is noted before each round, since other jobs share its cores.
 */
public final class BackupBench {
    private static final double GOAL_BACKUP = 1.2;
    private static final double GOAL_RESTORE = 1.5;
    private static final Duration LONG = Duration.ofHours(1);

    private BackupBench() {
    }

    /** {@code --out FILE} rewrites the "## Backups" section; {@code --runs N} rounds (default 3); {@code --mb N} a smaller database, for a quick try. */
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Path page = BenchArgs.out(options);
        int runs = BenchArgs.runs(options, 3);
        int mb = BenchArgs.value(options, "--mb").map(Integer::parseInt).orElse(1024);
        Rig rig = Rig.load();
        if (rig == null) {
            throw new IllegalStateException("The rig is not up: run scripts/rig up");
        }
        Path scratch = Files.createTempDirectory("homeport-backup-bench");
        String unique = UUID.randomUUID().toString().substring(0, 6);
        List<String> ssh = DockerBench.sshCommand(rig);
        Cleanup cleanup = new Cleanup(ssh, scratch, "homeport-dbbench-hand-" + unique);
        Thread hook = new Thread(cleanup::run, "backup-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        String section;
        HomeportHome home = new HomeportHome(scratch.resolve("home"));
        try (Store store = Store.open(home); NodeConnections connections = new NodeConnections(RigTargets.settings(rig, scratch))) {
            Vault vault = Vault.openOrCreate(home.vaultKey(), null);
            Inventory inventory = new Inventory(store, vault);
            NodeInventory nodes = new NodeInventory(store, vault);
            KeyInventory keys = new KeyInventory(store, vault);
            DeploymentHistory history = new DeploymentHistory(store);
            NodeService nodeService = new NodeService(nodes, keys, connections);
            try (NodeClients clients = new NodeClients(nodeService)) {
                DeployService deploys = new DeployService(inventory, nodes, keys, history, nodeService, clients, new Retention(store));
                BackupService backups = new BackupService(inventory, new Backups(store, vault), deploys, nodeService, Clock.systemUTC());
                Restores restores = new Restores(inventory, nodes, history, nodeService, clients);
                long env = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("bench").id(), "shop").id(),
                        "b" + unique).id();
                WorkerNode node = nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                        new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
                nodes.attach(node.id(), env);
                Database database = inventory.databases().create(env, "pg", DatabaseEngine.POSTGRES, rig.postgresImage());
                long serviceKey = inventory.serviceNodeKey(database.serviceId());
                cleanup.database(serviceKey, database.dataVolume());
                DockerClient docker = clients.docker(nodeService.connection(node, Prompts.NONE)).client();
                try {
                    Deployment deployed = deploys.deploy(database.serviceId(), null, Prompts.NONE, DeployListener.NONE).await();
                    if (deployed.state() != DeploymentState.LIVE) {
                        throw new IllegalStateException("the database's deployment ended " + deployed.state() + ": " + deployed.reason());
                    }
                    String live = ScratchRestore.liveContainer(docker, serviceKey).orElseThrow().getId();
                    String liveName = docker.inspectContainerCmd(live).exec().getName().replaceFirst("^/", "");
                    Databases.Credentials credentials = inventory.databases().credentials(database.serviceId());
                    byte[] identity = (backups.key().identity() + "\n").getBytes(StandardCharsets.UTF_8);
                    // A first backup of the empty database: writes the node's scripts and copies age into the container, as the
                    // first backup of any database does once; not measured.
                    require(backups.now(database.serviceId(), Prompts.NONE));

                    long fillStart = System.nanoTime();
                    Filled filled = fill(docker, live, mb);
                    double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
                    List<TableSum> original = sums(docker, live);
                    System.err.printf(Locale.ROOT, "backup bench: %d MB in %d tables, filled in %.0f s%n", filled.bytes() >> 20,
                            original.size(), fillSeconds);

                    ByHand hand = new ByHand(ssh, liveName, credentials.user(), credentials.name(), rig.postgresImage(), scratch,
                            cleanup.handPrefix);
                    double[] homeportBackup = new double[runs];
                    double[] handBackup = new double[runs];
                    double[] homeportRestore = new double[runs];
                    double[] handRestore = new double[runs];
                    Map<String, double[]> phases = new LinkedHashMap<>();
                    List<String> loads = new ArrayList<>();
                    double[] handStart = new double[runs];
                    long homeportBytes = 0;
                    long handBytes = 0;
                    boolean handExact = false;
                    for (int i = 0; i < runs; i++) {
                        boolean homeportFirst = i % 2 == 0;
                        loads.add(loadAverage());
                        BackupRun[] made = new BackupRun[1];
                        Timing.Step homeport = () -> made[0] = backups.now(database.serviceId(), Prompts.NONE);
                        Path dump = scratch.resolve("hand-" + i + ".pgdump");
                        Timing.Step byHand = () -> hand.backup(dump);
                        if (homeportFirst) {
                            homeportBackup[i] = Timing.time(homeport);
                            handBackup[i] = Timing.time(byHand);
                        } else {
                            handBackup[i] = Timing.time(byHand);
                            homeportBackup[i] = Timing.time(homeport);
                        }
                        BackupRun run = require(made[0]);
                        if (!run.manifest().tables().equals(original)) {
                            throw new IllegalStateException("backup " + run.stamp() + " recorded sums that are not the database's:\n  recorded "
                                    + run.manifest().tables() + "\n  database " + original);
                        }
                        homeportBytes = run.manifest().bytes();
                        handBytes = Files.size(dump);
                        System.err.printf(Locale.ROOT, "backup bench: round %d backup: Homeport %.1f s, by hand %.1f s%n", i + 1,
                                homeportBackup[i] / 1000, handBackup[i] / 1000);

                        int round = i;
                        ScratchRestore.Outcome[] restored = new ScratchRestore.Outcome[1];
                        Timing.Step homeportRestoreStep = () -> restored[0] = timedPhases(phases, round, runs,
                                log -> restores.restore(database.serviceId(), run.stamp(), identity, Prompts.NONE, log));
                        String handContainer = cleanup.handPrefix + "-" + i;
                        Timing.Step handRestoreStep = () -> handStart[round] = hand.restore(dump, handContainer);
                        if (homeportFirst) {
                            homeportRestore[i] = Timing.time(homeportRestoreStep);
                            handRestore[i] = Timing.time(handRestoreStep);
                        } else {
                            handRestore[i] = Timing.time(handRestoreStep);
                            homeportRestore[i] = Timing.time(homeportRestoreStep);
                        }
                        if (!restored[0].verification().passed()) {
                            throw new IllegalStateException("Homeport's restore of " + run.stamp() + " did not pass its check:\n"
                                    + String.join("\n", restored[0].verification().lines()));
                        }
                        if (restored[0].verification().tables().size() != original.size()) {
                            throw new IllegalStateException("Homeport's check compared " + restored[0].verification().tables().size()
                                    + " tables, not " + original.size());
                        }
                        // Passed, so kept for a swap; there is no swap here.
                        restores.discard(database.serviceId(), restored[0].keptVolume(), Prompts.NONE);
                        if (i == 0) {
                            // The hand restore holds the same data too (not timed): asked as Homeport asks.
                            String id = docker.inspectContainerCmd(handContainer).exec().getId();
                            List<TableSum> restoredByHand = sums(docker, id);
                            if (!restoredByHand.equals(original)) {
                                throw new IllegalStateException("the hand restore differs from the database:\n  restored " + restoredByHand
                                        + "\n  database " + original);
                            }
                            handExact = true;
                        }
                        hand.remove(handContainer);
                        Files.delete(dump);
                        System.err.printf(Locale.ROOT, "backup bench: round %d restore: Homeport %.1f s, by hand %.1f s%n", i + 1,
                                homeportRestore[i] / 1000, handRestore[i] / 1000);
                    }

                    loads.add(loadAverage());
                    Map<String, Double> parts = backupParts(docker, live, backups.key().recipient());
                    section = section(new Results(runs, filled, original, fillSeconds, median(homeportBackup), median(handBackup),
                            median(homeportRestore), median(handRestore), median(handStart), phases, homeportBytes, handBytes, handExact, parts,
                            ratios(homeportBackup, handBackup), ratios(homeportRestore, handRestore), loads));
                } finally {
                    DeployedServices.remove(nodeService.connection(node, Prompts.NONE), docker, serviceKey);
                }
            }
        } finally {
            cleanup.run();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        System.out.print(section);
        if (page != null) {
            BenchmarksPage.writeSection(page, "Backups", section);
        }
    }

    private static BackupRun require(BackupRun run) {
        if (!run.succeeded()) {
            throw new IllegalStateException("Homeport's backup " + run.stamp() + " failed: " + run.manifest().error());
        }
        return run;
    }

    interface RestoreCall {
        ScratchRestore.Outcome call(java.util.function.Consumer<String> log) throws Exception;
    }

    /** The restore's phases, as its log lines arrive: the container made, the file's SHA-256, the database up, pg_restore, the check. */
    static final List<String> PHASES = List.of("the scratch container made and started, the manifest read", "the file's SHA-256",
            "the scratch database starting (initdb) until ready", "age and pg_restore",
            "the check: every table's row count and checksum; the mark written, the container removed");

    /** Runs a Homeport restore and notes, in {@code phases}, how long each of its {@link #PHASES} took (from the moments its log lines arrive). */
    private static ScratchRestore.Outcome timedPhases(Map<String, double[]> phases, int round, int runs, RestoreCall restore) throws Exception {
        List<Long> moments = new ArrayList<>();
        moments.add(System.nanoTime());
        ScratchRestore.Outcome outcome = restore.call(line -> moments.add(System.nanoTime()));
        moments.add(System.nanoTime());
        if (moments.size() == PHASES.size() + 1) {
            for (int p = 0; p < PHASES.size(); p++) {
                phases.computeIfAbsent(PHASES.get(p), name -> new double[runs])[round] = (moments.get(p + 1) - moments.get(p)) / 1e6;
            }
        }
        return outcome;
    }

    private record Filled(long bytes, Map<String, Long> tables) {
    }

    /**
     * About {@code mb} MB of shop-like data, made inside the database's container by generate_series: customers, orders
     * (text, numeric, a null in five notes), an audit schema's events (jsonb) and attachments (4 KiB of bytea each,
     * incompressible, stored out of line).
     */
    private static Filled fill(DockerClient docker, String live, int mb) {
        double scale = mb / 1024.0 * 1.1; // 1024: about 1.07 GB (1.0 GiB) by pg_database_size
        long customers = Math.max(100, Math.round(1_000_000 * scale));
        long orders = Math.max(100, Math.round(3_000_000 * scale));
        long events = Math.max(100, Math.round(1_000_000 * scale));
        long attachments = Math.max(10, Math.round(50_000 * scale));
        String sql = String.format(Locale.ROOT, """
                SET synchronous_commit = off;
                CREATE TABLE customer (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL, city text, created timestamptz NOT NULL);
                INSERT INTO customer SELECT g, 'Customer ' || g, 'c' || g || '@example.' || (ARRAY['com','org','net'])[1 + g %% 3],
                    (ARRAY['Berlin','Lyon','Porto','Oslo','Riga', NULL])[1 + g %% 6], timestamptz '2020-01-01' + g * interval '1 minute'
                  FROM generate_series(1, %1$d) g;
                CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL, amount numeric(10,2) NOT NULL, status text NOT NULL,
                    placed timestamptz NOT NULL, note text);
                INSERT INTO orders SELECT g, 1 + (g::bigint * 7919) %% %1$d, ((g * 37) %% 100000) / 100.0, (ARRAY['new','paid','shipped','returned'])[1 + g %% 4],
                    timestamptz '2021-01-01' + g * interval '10 seconds',
                    CASE WHEN g %% 5 = 0 THEN NULL ELSE 'gift wrap ' || md5(g::text) || ' ' || (g %% 997) END
                  FROM generate_series(1, %2$d) g;
                CREATE SCHEMA audit;
                CREATE TABLE audit.event (id bigint, at timestamptz NOT NULL, kind text NOT NULL, payload jsonb);
                INSERT INTO audit.event SELECT g, timestamptz '2022-01-01' + g * interval '3 seconds', (ARRAY['login','view','buy','logout'])[1 + g %% 4],
                    jsonb_build_object('user', g %% 5000, 'ip', '10.0.' || (g %% 256) || '.' || (g %% 199), 'path', '/api/items/' || g,
                        'agent', md5((g * 3)::text), 'ok', g %% 17 <> 0)
                  FROM generate_series(1, %3$d) g;
                CREATE TABLE attachment (id int PRIMARY KEY, name text NOT NULL, body bytea NOT NULL);
                INSERT INTO attachment SELECT g, 'file-' || g || '.bin',
                    (SELECT string_agg(sha256(int4send(g) || int4send(i)), ''::bytea) FROM generate_series(1, 128) i)
                  FROM generate_series(1, %4$d) g;
                ANALYZE;
                SELECT pg_database_size(current_database());
                SELECT format('%%I.%%I', schemaname, relname) || '=' || pg_total_relation_size(relid) FROM pg_stat_user_tables ORDER BY 1;
                """, customers, orders, events, attachments);
        var result = ContainerExec.run(docker, live, List.of("sh", "-c", "exec " + TableChecksums.POSTGRES_PSQL),
                sql.getBytes(StandardCharsets.UTF_8), LONG);
        if (!result.succeeded()) {
            throw new IllegalStateException("filling the database failed: " + result.output());
        }
        List<String> lines = result.output().strip().lines().toList();
        Map<String, Long> tables = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int eq = line.lastIndexOf('=');
            tables.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
        }
        return new Filled(Long.parseLong(lines.getFirst().strip()), tables);
    }

    /** Each table's row count and checksum, asked as a restore's check asks. */
    private static List<TableSum> sums(DockerClient docker, String container) {
        TableChecksums.Ask ask = TableChecksums.ask(DatabaseEngine.POSTGRES);
        var result = ContainerExec.run(docker, container, ask.command(), ask.stdin().getBytes(StandardCharsets.UTF_8), LONG);
        if (!result.succeeded()) {
            throw new IllegalStateException("asking for the tables' sums failed: " + result.output());
        }
        return TableChecksums.parse(result.output());
    }

    /**
     * Where a backup's time goes, each part alone in the live container, once: the tables' sums (the query the backup runs
     * first, in the dump's snapshot), {@code pg_dump -Fc} into /dev/null, and the same through age, as the backup pipes it.
     */
    private static Map<String, Double> backupParts(DockerClient docker, String live, String recipient) throws Exception {
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("sums", Timing.time(() -> sums(docker, live)));
        parts.put("dump", Timing.time(() -> exec(docker, live, "pg_dump -Fc -U \"$POSTGRES_USER\" \"$POSTGRES_DB\" > /dev/null")));
        parts.put("dump+age", Timing.time(() -> exec(docker, live,
                "pg_dump -Fc -U \"$POSTGRES_USER\" \"$POSTGRES_DB\" | /tmp/.homeport-age -r \"$1\" > /dev/null", recipient)));
        return parts;
    }

    private static void exec(DockerClient docker, String container, String script, String... args) {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "set -e; " + script, "sh"));
        command.addAll(List.of(args));
        var result = ContainerExec.run(docker, container, command, null, LONG);
        if (!result.succeeded()) {
            throw new IllegalStateException(script + " failed: " + result.output());
        }
    }

    /**
     * What a user types instead, each a fresh {@code ssh} to the node: {@code docker exec CONTAINER pg_dump -Fc} into a file
     * here, with no compression or encryption beyond pg_dump's own; and {@code pg_restore} of that file into a fresh
     * container of the same image ({@code docker run}, a {@code pg_isready} loop, then {@code docker exec -i … pg_restore}).
     */
    private record ByHand(List<String> ssh, String container, String user, String db, String image, Path scratch, String prefix) {
        ByHand {
            for (String word : List.of(container, user, db)) {
                if (!word.matches("[A-Za-z0-9_.-]+")) {
                    throw new IllegalArgumentException("not a plain name: " + word);
                }
            }
        }

        void backup(Path file) throws Exception {
            run(List.of("docker", "exec", container, "pg_dump", "-Fc", "-U", user, db), null, file);
        }

        /** Restores the file into a new container {@code name}; returns the ms it took to start and be ready. */
        double restore(Path file, String name) throws Exception {
            long start = System.nanoTime();
            // A throwaway password for a throwaway container, as a user would type one.
            run(List.of("docker", "run", "-d", "--name", name, "-e", "POSTGRES_PASSWORD=scratch-only", "-e", "POSTGRES_USER=" + user,
                    "-e", "POSTGRES_DB=" + db, image), null, null);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!ok(List.of("docker", "exec", name, "pg_isready", "-q", "-h", "127.0.0.1", "-U", user, "-d", db))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the hand scratch database was not ready in 3 min");
                }
                Thread.sleep(500);
            }
            double ready = (System.nanoTime() - start) / 1e6;
            run(List.of("docker", "exec", "-i", name, "pg_restore", "--exit-on-error", "-U", user, "-d", db), file, null);
            return ready;
        }

        void remove(String name) throws Exception {
            run(List.of("docker", "rm", "-f", "-v", name), null, null);
        }

        private boolean ok(List<String> remote) throws Exception {
            Process process = new ProcessBuilder(Timing.join(ssh, remote)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor() == 0;
        }

        private void run(List<String> remote, Path in, Path out) throws Exception {
            Path err = Files.createTempFile(scratch, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(Timing.join(ssh, remote)).redirectError(err.toFile());
            builder.redirectInput(in == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()) : ProcessBuilder.Redirect.from(in.toFile()));
            builder.redirectOutput(out == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(out.toFile()));
            int exit = builder.start().waitFor();
            String said = Files.readString(err).strip();
            Files.delete(err);
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", remote) + " exited " + exit + ": " + said);
            }
        }
    }

    /**
     * Removes what the bench made on the node, whatever happened (also from a shutdown hook, on Ctrl-C): the database's
     * containers and data volume, the restores' scratch containers and volumes, the hand containers, the node's backup
     * folder of the volume; and the files here. By the docker CLI over ssh, so it works without the bench's connections.
     */
    private static final class Cleanup {
        private final List<String> ssh;
        private final Path scratch;
        final String handPrefix;
        private long serviceKey = -1;
        private String volume;
        private boolean done;

        Cleanup(List<String> ssh, Path scratch, String handPrefix) {
            this.ssh = ssh;
            this.scratch = scratch;
            this.handPrefix = handPrefix;
        }

        synchronized void database(long key, String dataVolume) {
            serviceKey = key;
            volume = dataVolume;
        }

        synchronized void run() {
            if (done) {
                return;
            }
            done = true;
            StringBuilder script = new StringBuilder("docker ps -aq --filter name=" + handPrefix + " | xargs -r docker rm -f -v >/dev/null\n");
            if (volume != null) {
                script.append("docker ps -aq --filter label=dev.homeport.service=").append(serviceKey).append(" | xargs -r docker rm -f -v >/dev/null\n")
                        .append("docker ps -aq --filter label=dev.homeport.restore=").append(volume).append(" | xargs -r docker rm -f -v >/dev/null\n")
                        .append("docker volume ls -q --filter label=dev.homeport.restore=").append(volume).append(" | xargs -r docker volume rm -f >/dev/null\n")
                        .append("docker volume rm -f ").append(volume).append(" >/dev/null\n")
                        .append("rm -rf ").append(BackupPaths.folder(volume)).append('\n');
            }
            try {
                Process process = new ProcessBuilder(Timing.join(ssh, List.of(script.toString()))).redirectErrorStream(true).start();
                String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (process.waitFor() != 0) {
                    System.err.println("backup bench: cleaning up the node failed: " + said);
                }
            } catch (IOException e) {
                System.err.println("backup bench: cleaning up the node failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (Stream<Path> files = Files.walk(scratch)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                System.err.println("backup bench: cannot remove " + scratch + ": " + e.getMessage());
            }
        }
    }

    private record Results(int runs, Filled filled, List<TableSum> tables, double fillSeconds, double homeportBackup, double handBackup,
                           double homeportRestore, double handRestore, double handStart, Map<String, double[]> phases,
                           long homeportBytes, long handBytes, boolean handExact, Map<String, Double> parts,
                           String backupRounds, String restoreRounds, List<String> loads) {
    }

    /** Each round's ratio, Homeport's time over the hand way's in the same round. */
    private static String ratios(double[] homeport, double[] hand) {
        List<String> each = new ArrayList<>();
        for (int i = 0; i < homeport.length; i++) {
            each.add(String.format(Locale.ROOT, "%.2f×", homeport[i] / hand[i]));
        }
        return String.join(", ", each);
    }

    private static String section(Results r) {
        double backupRatio = r.homeportBackup() / r.handBackup();
        double restoreRatio = r.homeportRestore() / r.handRestore();
        StringBuilder tables = new StringBuilder();
        r.filled().tables().forEach((name, bytes) -> tables.append(tables.isEmpty() ? "" : ", ").append('`').append(name).append("` ")
                .append(mb(bytes)));
        long rows = r.tables().stream().mapToLong(TableSum::rows).sum();
        StringBuilder out = new StringBuilder("## Backups\n\n");
        out.append(String.format(Locale.ROOT, "A PostgreSQL 15 database (the rig's image, Debian bookworm's PostgreSQL) of **%s** (`pg_database_size`),"
                        + " deployed by Homeport on the rig's node (this machine, reached over its sshd): %d tables, %,d rows (%s), filled by"
                        + " `generate_series` inserts inside its container in %.0f s. Measured %s by `bench/run --only backups`; medians of %d rounds,"
                        + " each a backup and a restore both ways, the ways taking turns (Homeport first in odd rounds, by hand first in even"
                        + " ones), on the project's shared 2-core machine. The goals (issue 14): a backup at most %.1f× a `pg_dump` by hand, a"
                        + " restore with its check at most %.1f× a `pg_restore` by hand, and every table's checksum after a restore equal to the"
                        + " original's.%n%n",
                mb(r.filled().bytes()), r.tables().size(), rows, tables, r.fillSeconds(), java.time.LocalDate.now(), r.runs(),
                GOAL_BACKUP, GOAL_RESTORE));
        out.append("| | Homeport | by hand | ratio |\n|---|---|---|---|\n");
        out.append(String.format(Locale.ROOT, "| backup | %s: `homeport backup now` (sums, `pg_dump -Fc`, age; a %s file on the node) | %s: "
                        + "`ssh node docker exec CONTAINER pg_dump -Fc > file` (a %s file here) | **%.2f×** |%n",
                seconds(r.homeportBackup()), mb(r.homeportBytes()), seconds(r.handBackup()), mb(r.handBytes()), backupRatio));
        out.append(String.format(Locale.ROOT, "| restore | %s: a scratch copy restored and checked, table by table (not the swap) | %s: "
                        + "`docker run` a fresh container of the image, `pg_isready` until ready, `docker exec -i … pg_restore < file` | **%.2f×** |%n%n",
                seconds(r.homeportRestore()), seconds(r.handRestore()), restoreRatio));
        out.append(String.format(Locale.ROOT, "Backup: **%.2f×** the hand `pg_dump` (goal %.1f×: %s). Restore, its check included: **%.2f×**"
                        + " the hand `pg_restore` (goal %.1f×: %s).%n%n", backupRatio, GOAL_BACKUP, backupRatio <= GOAL_BACKUP ? "met" : "not met",
                restoreRatio, GOAL_RESTORE, restoreRatio <= GOAL_RESTORE ? "met" : "not met"));
        out.append(String.format(Locale.ROOT, "Each round's own ratio (Homeport ÷ by hand, rounds in order): backup %s; restore %s.%n%n",
                r.backupRounds(), r.restoreRounds()));
        out.append(String.format(Locale.ROOT, "The machine's load average (1, 5 and 15 minutes; 2 cores) before each round and after the last: %s.%n%n",
                String.join("; ", r.loads())));
        out.append(String.format(Locale.ROOT, "Restored data: **byte-exact**. Each of the %d backups recorded every table's row count and checksum"
                        + " (the sum of the first 64 bits of each row's MD5, see `TableChecksums`) equal to the database's own, asked before the"
                        + " rounds; each of the %d restores passed its check, all %d tables equal to the manifest's, so to the original's. %s"
                        + " A mismatch anywhere fails the bench.%n%n", r.runs(), r.runs(), r.tables().size(),
                r.handExact() ? "The first hand restore, asked the same way (not timed), holds the same data too." : ""));
        out.append("Where the restore's time goes (medians; Homeport's phases from the moments its log lines arrive):\n\n");
        out.append("| phase | Homeport | by hand |\n|---|---|---|\n");
        for (int p = 0; p < PHASES.size(); p++) {
            double[] times = r.phases().get(PHASES.get(p));
            String hand = switch (p) {
                case 2 -> seconds(r.handStart()) + " (`docker run` until `pg_isready`)";
                case 3 -> seconds(r.handRestore() - r.handStart()) + " (`pg_restore`, the file sent over ssh)";
                default -> "";
            };
            out.append("| ").append(PHASES.get(p)).append(" | ").append(times == null ? "?" : seconds(median(times))).append(" | ")
                    .append(hand).append(" |\n");
        }
        out.append('\n');
        out.append("Where the backup's time goes: its parts alone in the live container, once each after the rounds (single runs, so"
                + " rough on this machine):\n\n");
        out.append("| part | time |\n|---|---|\n");
        out.append(String.format(Locale.ROOT, "| every table's row count and checksum (the query the backup runs beside the dump, in its snapshot) | %s |%n",
                seconds(r.parts().get("sums"))));
        out.append(String.format(Locale.ROOT, "| `pg_dump -Fc` into /dev/null | %s |%n", seconds(r.parts().get("dump"))));
        out.append(String.format(Locale.ROOT, "| `pg_dump -Fc \\| age -r …` into /dev/null | %s |%n%n", seconds(r.parts().get("dump+age"))));
        out.append(NOTES);
        return out.toString();
    }

    private static final String NOTES = """
            By hand is what a user types: no compression but `pg_dump -Fc`'s own, no encryption, no record of the tables;
            the file comes over ssh to this machine. Homeport's backup runs the node's script as `backup now` does: one
            session exports a snapshot and holds it; `pg_dump -Fc --snapshot` runs through age inside the container and,
            beside it, a second session imports the snapshot and asks every table for its row count and checksum; the node
            takes the file's SHA-256 as it arrives and writes the manifest. Its restore starts a scratch container
            of the live image on a new volume, checks the file's SHA-256, waits for the scratch database, decrypts with
            age into `pg_restore`, and asks every table again; the hand restore checks nothing. The numbers move with the
            load of the shared machine (other jobs take its two cores); quote the ratios, not single runs.

            Backup history is a behaviour, not a speed, so a test covers it rather than this bench:
            `DatabaseBackupTest.retentionKeepsTheNewestByCountAndAge` (ssh/src/test) writes a week of hourly runs (168, every
            sixth a failure record) into a database's folder on the rig's node and runs the node's own `backup-db` with its
            clock moved by `--now`: kept 100 for 2 days, the age decides (the new run and the 48 hours before it are left, 8
            of them failure records); kept 10 for 30 days, the count decides, for good backups and failure records apart;
            and a good backup older than the limit goes, except the newest good one.

            """;

    /** This machine's load averages, as {@code /proc/loadavg} has them ("?" where there is none). */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String seconds(double ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MB", bytes / 1e6);
    }
}
