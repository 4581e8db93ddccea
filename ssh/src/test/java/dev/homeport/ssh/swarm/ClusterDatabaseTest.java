package dev.homeport.ssh.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.UpdateOrder;
import dev.homeport.model.Database;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.VariableScope;
import dev.homeport.model.inventory.Backups;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import dev.homeport.model.inventory.Retention;
import dev.homeport.model.vault.Vault;
import dev.homeport.ssh.backup.BackupCron;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupScripts;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.RestoreException;
import dev.homeport.ssh.backup.Restores;
import dev.homeport.ssh.deploy.DeployException;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployService;
import dev.homeport.ssh.deploy.Undeploy;
import dev.homeport.ssh.docker.ContainerExec;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.Prompts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL database on the rig's three-node cluster: one replica pinned to a node (chosen and recorded at its first
 * deploy), its data volume there, its own health check; another service's replicas on the other nodes reach it by its
 * {@code ${{db.DATABASE_URL}}} reference; a redeploy stops the old replica before the new one opens the data, and keeps
 * the data; its password changes in the running replica; a backup is made on its node, checked in a scratch copy beside
 * the replica, restored and swapped in. Redis's backup on its node is checked there too.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ClusterDatabaseTest {
    private static final String REDIS_CLI = "export REDISCLI_AUTH=\"$REDIS_PASSWORD\"; exec redis-cli -h 127.0.0.1";
    private static final String PSQL = "exec psql -v ON_ERROR_STOP=1 -qtA -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"";
    @TempDir
    Path folder;
    Rig rig;
    ClusterFixture fixture;
    DeploymentHistory history;
    DeployService deploys;
    Backups backups;
    Vault vault;
    final List<String> volumes = new ArrayList<>();

    @BeforeEach
    void setUp(Rig rig) {
        this.rig = rig;
        fixture = new ClusterFixture(rig, folder);
        history = new DeploymentHistory(fixture.store);
        vault = Vault.openOrCreate(new HomeportHome(folder.resolve("home")).vaultKey(), null);
        deploys = new DeployService(fixture.inventory, fixture.nodes, new KeyInventory(fixture.store, vault), history, fixture.nodeService,
                fixture.clients, new Retention(fixture.store));
        backups = new Backups(fixture.store, vault);
    }

    /** The three nodes as one cluster, and the rig's image of {@code engine} on its manager. */
    private void cluster(String image) {
        fixture.attachAll();
        // The nodes reach no registry: the manager has the image as a user's `docker load` would give it. `rig up` loads
        // the rig's database images into every node once (copying 500 MB in each test cost more than the test), so this
        // loads only on a node that lacks it, and the deploy's copy to the other nodes finds it there (ClusterDeployTest
        // and ImageTransferTest cover the copy itself).
        fixture.cluster.loadFromRig(image, index(fixture.clusters.manager(fixture.environment.id(), Prompts.NONE).name()));
    }

    @AfterEach
    void tearDown() {
        try {
            var undeploy = new Undeploy(fixture.inventory, fixture.nodes, history, fixture.nodeService, fixture.clients, deploys, backups,
                    BackupCron.LINES);
            var plan = undeploy.plan(new Ref(Level.ENVIRONMENT, fixture.environment.id()), true, Prompts.NONE);
            assertThat(undeploy.deleteAfter(plan, Prompts.NONE, line -> { }).failed()).isEmpty();
        } finally {
            try {
                fixture.cluster.reset();
                for (String volume : volumes) {
                    fixture.rigConnections(rig).getFirst().exec(Command.script("rm -rf \"$1\"; rm -f \"$HOME/$2/backup-recipient.$3\""
                            + " \"$HOME/$2/last-$3.log\"", BackupPaths.folder(volume), BackupScripts.FOLDER, volume));
                    for (int n = 1; n <= fixture.cluster.size(); n++) {
                        try {
                            fixture.cluster.docker(n).removeVolumeCmd(volume).exec();
                        } catch (NotFoundException gone) {
                            // the delete above took it, or it never was on this node
                        }
                    }
                }
            } finally {
                fixture.close();
            }
        }
    }

    @Test
    void aPostgresDatabaseRunsPinnedWithItsDataAndTheOtherNodesReachIt() throws Exception {
        cluster(rig.postgresImage());
        Database database = fixture.inventory.databases().create(fixture.environment.id(), "db", DatabaseEngine.POSTGRES, rig.postgresImage());
        volumes.add(database.dataVolume());
        long db = database.serviceId();
        BackupService backupService = new BackupService(fixture.inventory, backups, deploys, fixture.nodeService, Clock.systemUTC());
        // Not deployed, not pinned: its node is not chosen yet, so neither is where its backups are made.
        assertThatThrownBy(() -> backupService.now(db, Prompts.NONE)).isInstanceOf(DeployException.class)
                .hasMessageContaining("has no node yet").hasMessageContaining("--pin NODE");

        Deployment first = deploy(db);
        assertThat(first.state()).as(reason(first)).isEqualTo(DeploymentState.LIVE);
        String pinned = fixture.inventory.service(db).options().pinnedNode();
        assertThat(pinned).as("the pin chosen at the first deploy, recorded").isNotNull();
        assertThat(history.log(first.id())).anyMatch(line -> line.startsWith("Pinned acme/shop/prod/db to " + pinned));
        int home = index(pinned);

        // One replica, on its node, stop-first, with the database's own health check and its volume there.
        var service = fixture.cluster.docker(1).listServicesCmd().exec().stream().filter(s -> s.getSpec().getName().startsWith("prod-db-"))
                .findFirst().orElseThrow();
        String dbName = service.getSpec().getName();
        assertThat(service.getSpec().getMode().getReplicated().getReplicas()).isEqualTo(1);
        assertThat(service.getSpec().getUpdateConfig().getOrder()).isEqualTo(UpdateOrder.STOP_FIRST);
        assertThat(service.getSpec().getTaskTemplate().getPlacement().getConstraints()).containsExactly("node.labels.dev.homeport.node==" + pinned);
        assertThat(String.join(" ", service.getSpec().getTaskTemplate().getContainerSpec().getHealthCheck().getTest())).contains("pg_isready");
        assertThat(fixture.cluster.docker(home).inspectVolumeCmd(database.dataVolume()).exec().getName()).isEqualTo(database.dataVolume());
        Task dbTask = onlyTask(dbName);
        assertThat(dbTask.getNodeId()).isEqualTo(fixture.swarmNodeId(home));
        sql(home, dbTask, "CREATE TABLE t (v text); INSERT INTO t VALUES ('kept');");

        // Another service, three replicas spread over the nodes, reaches it by its reference from every node.
        Path app = folder.resolve("app");
        Files.createDirectories(app);
        Files.writeString(app.resolve("Dockerfile"), "FROM " + rig.postgresImage() + "\nHEALTHCHECK NONE\nENTRYPOINT []\n"
                + "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; while :; do sleep 1; done\"]\n");
        Service client = fixture.inventory.createService(new Service(0, fixture.environment.id(), "app", new ServiceSource.Folder(app.toString()),
                null, null, null, null, DeployOptions.defaults().withReplicas(3)));
        fixture.inventory.setVariable(VariableScope.SERVICE, client.id(), "DATABASE_URL", "${{db.DATABASE_URL}}");
        Deployment clientRelease = deploy(client.id());
        assertThat(clientRelease.state()).as(reason(clientRelease)).isEqualTo(DeploymentState.LIVE);
        String appName = fixture.cluster.docker(1).listServicesCmd().exec().stream().map(s -> s.getSpec().getName())
                .filter(name -> name.startsWith("prod-app-")).findFirst().orElseThrow();
        ClusterFixture.await("3 replicas of app", () -> fixture.cluster.runningTasks(appName).size() == 3);
        assertThat(reachFromEveryReplica(appName)).as("nodes whose replicas reached the database").anyMatch(n -> n != home);

        // A redeploy: the old replica stops before the new one opens the data, on the same node, and the data is kept.
        Deployment second = deploy(db);
        assertThat(second.state()).as(reason(second)).isEqualTo(DeploymentState.LIVE);
        assertThat(history.log(second.id())).anyMatch(line -> line.contains("stops the running one before the new one starts"));
        ClusterFixture.await("one replica of the new release", () -> {
            List<Task> running = fixture.cluster.runningTasks(dbName);
            return running.size() == 1 && label(running.getFirst()).equals(Long.toString(second.id()));
        });
        Task next = onlyTask(dbName);
        assertThat(next.getNodeId()).isEqualTo(fixture.swarmNodeId(home));
        assertThat(sql(home, next, "SELECT v FROM t;")).isEqualTo("kept");
        assertThat(reachFromEveryReplica(appName)).anyMatch(n -> n != home);

        // A pin moved to another node is refused: the data would not follow.
        Service now = fixture.inventory.service(db);
        fixture.inventory.updateService(now.withOptions(now.options().withPinnedNode("n" + otherThan(home))));
        assertThatThrownBy(() -> deploy(db)).isInstanceOf(DeployException.class)
                .hasMessageContaining("Moving a database to another node is not supported yet").hasMessageContaining("Nothing was started");
        fixture.inventory.updateService(now);
        assertThatThrownBy(() -> deploys.scale(db, 2, Prompts.NONE)).isInstanceOf(DeployException.class).hasMessageContaining("one replica");

        // The password changes in the running replica; the new one works there.
        DeployService.PasswordChange change = deploys.changeDatabasePassword(db, Prompts.NONE);
        assertThat(change.inDatabase()).isTrue();
        assertThat(change.needRedeploy()).containsExactly("app");
        String password = fixture.inventory.reveal(fixture.inventory.variables(VariableScope.SERVICE, db).stream()
                .filter(v -> v.key().equals("POSTGRES_PASSWORD")).findFirst().orElseThrow()).reveal();
        ContainerExec.Result login = ContainerExec.run(fixture.cluster.docker(home), containerOf(next), List.of("sh", "-c",
                "read -r PGPASSWORD; export PGPASSWORD; exec psql -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -tAc 'SELECT v FROM t'"),
                (password + "\n").getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
        assertThat(login.output().strip()).as(login.output()).isEqualTo("kept");

        // A backup, made on the pinned node by the node's script, which finds the Swarm task's container there.
        assertThat(deploys.dataNode(db).name()).isEqualTo(pinned);
        BackupRun run = backupService.now(db, Prompts.NONE);
        assertThat(run.succeeded()).as(run.manifest().error()).isTrue();
        assertThat(run.manifest().tables()).anySatisfy(table -> {
            assertThat(table.name()).endsWith("t");
            assertThat(table.rows()).isEqualTo(1);
        });
        restoresTheBackupBesideTheReplicaAndSwapsItIn(db, database.dataVolume(), dbName, home, run, backupService);
    }

    /**
     * The backup checked in a scratch copy beside the replica on its node (the mark written there), the data changed, the
     * backup restored and swapped in: the Swarm service redeployed on the restored volume, on the same node, with the old
     * data back and the old volume kept until it is dropped.
     */
    private void restoresTheBackupBesideTheReplicaAndSwapsItIn(long db, String dataVolume, String dbName, int home, BackupRun run,
                                                              BackupService backupService) throws Exception {
        Restores restores = new Restores(fixture.inventory, fixture.nodes, history, fixture.nodeService, fixture.clients);
        byte[] identity = (backupService.key().identity() + "\n").getBytes(StandardCharsets.UTF_8);
        var docker = fixture.cluster.docker(home);
        assertThat(restores.list(db, Prompts.NONE)).filteredOn(entry -> entry.stamp().equals(run.stamp())).singleElement()
                .satisfies(entry -> assertThat(entry.mark()).isNull());
        // The app's own check takes the newest backup never checked: this one. Its copy runs beside the replica, on the pinned
        // node, with the passwords the replica reads from its Swarm secrets (given from the vault), and no network.
        List<String> log = new ArrayList<>();
        var checked = restores.verifyNewest(db, identity, Prompts.NONE).orElseThrow();
        assertThat(checked.stamp()).isEqualTo(run.stamp());
        assertThat(checked.verification().passed()).as(String.join("\n", checked.verification().lines())).isTrue();
        assertThat(checked.verification().tables()).anySatisfy(table -> assertThat(table.name()).endsWith("t"));
        assertThat(checked.keptVolume()).isNull();
        assertThat(restores.list(db, Prompts.NONE)).filteredOn(entry -> entry.stamp().equals(run.stamp())).singleElement()
                .satisfies(entry -> assertThat(entry.verified()).as("the verified mark beside the backup on " + home).isTrue());
        assertThat(restores.verifyNewest(db, identity, Prompts.NONE)).as("nothing new to check").isEmpty();
        String scratch = dev.homeport.ssh.backup.ScratchRestore.scratchVolume(dataVolume, run.stamp());
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(java.util.Map.of("dev.homeport.restore", dataVolume))
                .exec()).as("scratch containers left").isEmpty();
        assertThatThrownBy(() -> docker.inspectVolumeCmd(scratch).exec()).isInstanceOf(NotFoundException.class);

        // A copy on this machine, for disaster recovery below (the folder of the data volume the swap replaces).
        List<Path> copies = backupService.pull(db, folder.resolve("laptop"), Prompts.NONE);
        Path encrypted = copies.stream().filter(p -> p.getFileName().toString().startsWith(run.stamp())
                && p.getFileName().toString().endsWith(".age")).findFirst().orElseThrow(() -> new AssertionError("pulled " + copies));
        Path manifest = encrypted.resolveSibling(run.stamp() + ".json");

        // The data changes; the backup is restored beside it, checked, kept, and swapped in.
        Task before = onlyTask(dbName);
        sql(home, before, "UPDATE t SET v = 'changed';");
        var restored = restores.restore(db, run.stamp(), identity, Prompts.NONE, log::add);
        assertThat(restored.verification().passed()).as(String.join("\n", restored.verification().lines()) + "\n" + log).isTrue();
        assertThat(restored.keptVolume()).isEqualTo(scratch);
        volumes.add(scratch);
        assertThat(docker.inspectVolumeCmd(scratch).exec().getName()).isEqualTo(scratch);
        assertThat(sql(home, before, "SELECT v FROM t;")).as("the live database untouched").isEqualTo("changed");
        String old = backupService.swapDataVolume(db, scratch, Prompts.NONE);
        assertThat(old).isEqualTo(dataVolume);
        Deployment swapped = deploy(db);
        assertThat(swapped.state()).as(reason(swapped)).isEqualTo(DeploymentState.LIVE);
        ClusterFixture.await("one replica of the swapped release", () -> {
            List<Task> running = fixture.cluster.runningTasks(dbName);
            return running.size() == 1 && label(running.getFirst()).equals(Long.toString(swapped.id()));
        });
        Task after = onlyTask(dbName);
        assertThat(after.getNodeId()).as("on the same pinned node").isEqualTo(fixture.swarmNodeId(home));
        assertThat(docker.inspectContainerCmd(containerOf(after)).exec().getMounts())
                .anySatisfy(mount -> assertThat(mount.getName()).isEqualTo(scratch));
        assertThat(sql(home, after, "SELECT v FROM t;")).as("the backed-up data back").isEqualTo("kept");
        // The vault's password opens the restored database over TCP, as the other services reach it.
        String password = fixture.inventory.reveal(fixture.inventory.variables(VariableScope.SERVICE, db).stream()
                .filter(v -> v.key().equals("POSTGRES_PASSWORD")).findFirst().orElseThrow()).reveal();
        ContainerExec.Result login = ContainerExec.run(docker, containerOf(after), List.of("sh", "-c",
                "read -r PGPASSWORD; export PGPASSWORD; exec psql -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -tAc 'SELECT v FROM t'"),
                (password + "\n").getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
        assertThat(login.output().strip()).as(login.output()).isEqualTo("kept");

        // The old volume is kept on the node until it is dropped, with the stopped replicas from before the swap that mount it.
        assertThat(restores.oldVolumes(db)).containsExactly(old);
        assertThat(docker.inspectVolumeCmd(old).exec().getName()).isEqualTo(old);
        assertThatThrownBy(() -> restores.dropOldVolume(db, scratch, Prompts.NONE)).isInstanceOf(RestoreException.class)
                .hasMessageContaining("data volume now");
        assertThat(restores.dropOldVolume(db, old, Prompts.NONE)).isPositive();
        assertThatThrownBy(() -> docker.inspectVolumeCmd(old).exec()).isInstanceOf(NotFoundException.class);
        assertThat(restores.oldVolumes(db)).isEmpty();
        assertThat(sql(home, onlyTask(dbName), "SELECT v FROM t;")).isEqualTo("kept");

        // Disaster recovery: the copy on this machine restored beside the replica on the pinned node, checked, then discarded.
        var recovered = restores.restoreCopy(db, encrypted, manifest, identity, Prompts.NONE, line -> { });
        assertThat(recovered.verification().passed()).as(String.join("\n", recovered.verification().lines())).isTrue();
        assertThat(recovered.keptVolume()).isEqualTo(dev.homeport.ssh.backup.ScratchRestore.scratchVolume(scratch, run.stamp()));
        volumes.add(recovered.keptVolume());
        assertThat(docker.inspectVolumeCmd(recovered.keptVolume()).exec().getName()).isEqualTo(recovered.keptVolume());
        restores.discard(db, recovered.keptVolume(), Prompts.NONE);
        assertThatThrownBy(() -> docker.inspectVolumeCmd(recovered.keptVolume()).exec()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void redisRunsOnTheNodeTheUserPinnedAndKeepsRunningAfterItsPasswordChanged() throws Exception {
        cluster(rig.redisImage());
        Database database = fixture.inventory.databases().create(fixture.environment.id(), "cache", DatabaseEngine.REDIS, rig.redisImage());
        volumes.add(database.dataVolume());
        long cache = database.serviceId();
        Service created = fixture.inventory.service(cache);
        fixture.inventory.updateService(created.withOptions(created.options().withPinnedNode("n2")));

        Deployment live = deploy(cache);
        assertThat(live.state()).as(reason(live)).isEqualTo(DeploymentState.LIVE);
        assertThat(history.log(live.id())).noneMatch(line -> line.startsWith("Pinned")).anyMatch(line -> line.contains("redis-cli ping"));
        String name = fixture.cluster.docker(1).listServicesCmd().exec().stream().map(s -> s.getSpec().getName())
                .filter(n -> n.startsWith("prod-cache-")).findFirst().orElseThrow();
        Task task = onlyTask(name);
        assertThat(task.getNodeId()).isEqualTo(fixture.swarmNodeId(2));
        // Its password is a Swarm secret: a client in the replica reads the file; the server was given it as a variable.
        assertThat(client(task, REDIS_CLI, "SET k kept\n")).isEqualTo("OK");
        assertThat(client(task, "exec redis-cli -h 127.0.0.1", "PING\n")).contains("NOAUTH");

        DeployService.PasswordChange change = deploys.changeDatabasePassword(cache, Prompts.NONE);
        assertThat(change.inDatabase()).isTrue();
        assertThat(change.needRedeploy()).containsExactly("cache");
        // The replica's secret still holds the old password: Swarm's check (every 2 s, 2 retries) must not restart it.
        Thread.sleep(15_000);
        assertThat(onlyTask(name).getId()).isEqualTo(task.getId());
        String password = fixture.inventory.reveal(fixture.inventory.variables(VariableScope.SERVICE, cache).stream()
                .filter(v -> v.key().equals("REDIS_PASSWORD")).findFirst().orElseThrow()).reveal();
        assertThat(client(task, "exec redis-cli -h 127.0.0.1", "AUTH " + password + "\nGET k\n")).isEqualTo("OK\nkept");

        // A tunnel goes through n2 to the replica, as db connect opens it.
        var target = deploys.tunnelTarget(cache, null, Prompts.NONE);
        assertThat(target.node().name()).isEqualTo("n2");
        try (var tunnels = new dev.homeport.ssh.tunnel.Tunnels(fixture.nodeService);
             var tunnel = tunnels.open(target, 0, Prompts.NONE, dev.homeport.ssh.tunnel.Tunnel.Listener.NONE);
             var socket = new java.net.Socket("127.0.0.1", tunnel.localPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("AUTH " + password + "\r\nGET k\r\n").getBytes(StandardCharsets.US_ASCII));
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(List.of(in.readLine(), in.readLine(), in.readLine())).containsExactly("+OK", "$4", "kept");
        }

        // The redeploy passes the new password on (stop-first, the data kept); the backup made on n2 then reads it from
        // the replica's secret file, as the replica's own environment lacks it.
        Deployment again = deploy(cache);
        assertThat(again.state()).as(reason(again)).isEqualTo(DeploymentState.LIVE);
        BackupService backupService = new BackupService(fixture.inventory, backups, deploys, fixture.nodeService, Clock.systemUTC());
        BackupRun run = backupService.now(cache, Prompts.NONE);
        assertThat(run.succeeded()).as(run.manifest().error()).isTrue();
        assertThat(run.manifest().tables()).anySatisfy(table -> assertThat(table.rows()).isEqualTo(1));
        // Checked there: Redis loads it in a holding container, then the copy starts on it with the vault's password and
        // answers redis-cli ping, beside the replica on n2.
        Restores restores = new Restores(fixture.inventory, fixture.nodes, history, fixture.nodeService, fixture.clients);
        List<String> log = new ArrayList<>();
        var checked = restores.verify(cache, run.stamp(), (backupService.key().identity() + "\n").getBytes(StandardCharsets.UTF_8),
                Prompts.NONE, log::add);
        assertThat(checked.verification().passed()).as(String.join("\n", checked.verification().lines()) + "\n" + log).isTrue();
        assertThat(log).anyMatch(line -> line.contains("redis-cli ping"));
        assertThat(restores.list(cache, Prompts.NONE)).filteredOn(entry -> entry.stamp().equals(run.stamp())).singleElement()
                .satisfies(entry -> assertThat(entry.verified()).isTrue());
        assertThat(fixture.cluster.docker(2).listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of("dev.homeport.restore", database.dataVolume())).exec()).isEmpty();
    }

    @Test
    void aDatabaseThatRanOnOneNodeStaysThereWithItsDataWhenItsEnvironmentBecomesACluster() throws Exception {
        fixture.attach(2); // one node: the database runs as a container on n2
        fixture.cluster.loadFromRig(rig.postgresImage(), 2);
        Database database = fixture.inventory.databases().create(fixture.environment.id(), "db", DatabaseEngine.POSTGRES, rig.postgresImage());
        volumes.add(database.dataVolume());
        long db = database.serviceId();
        Deployment single = deploy(db);
        assertThat(single.state()).as(reason(single)).isEqualTo(DeploymentState.LIVE);
        var old = fixture.cluster.docker(2).listContainersCmd().withLabelFilter(java.util.Map.of("dev.homeport.deployment",
                Long.toString(single.id()))).exec().getFirst();
        ContainerExec.Result written = ContainerExec.run(fixture.cluster.docker(2), old.getId(), List.of("sh", "-c", PSQL),
                "CREATE TABLE t (v text); INSERT INTO t VALUES ('kept');".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
        assertThat(written.exitCode()).as(written.output()).isZero();

        fixture.attach(1); // the nodes become a cluster
        fixture.attach(3);
        // The image is pulled on a manager, as for any release on a cluster (the rig's nodes reach no registry).
        fixture.cluster.loadFromRig(rig.postgresImage(), index(fixture.clusters.manager(fixture.environment.id(), Prompts.NONE).name()));
        Deployment clustered = deploy(db);
        assertThat(clustered.state()).as(reason(clustered)).isEqualTo(DeploymentState.LIVE);
        assertThat(fixture.inventory.service(db).options().pinnedNode()).isEqualTo("n2");
        assertThat(history.log(clustered.id())).anyMatch(line -> line.startsWith("Pinned acme/shop/prod/db to n2 (where it ran before"))
                .anyMatch(line -> line.startsWith("A database runs one server at a time on its data: stopping its container"));
        assertThat(fixture.cluster.docker(2).inspectContainerCmd(old.getId()).exec().getState().getRunning()).isFalse();
        String name = fixture.cluster.docker(1).listServicesCmd().exec().stream().map(s -> s.getSpec().getName())
                .filter(n -> n.startsWith("prod-db-")).findFirst().orElseThrow();
        Task task = onlyTask(name);
        assertThat(task.getNodeId()).isEqualTo(fixture.swarmNodeId(2));
        assertThat(sql(2, task, "SELECT v FROM t;")).isEqualTo("kept");
    }

    @Test
    void mariadbTakesANewPasswordInItsReplicaWithTheRootPasswordFromItsSecretFile() throws Exception {
        cluster(rig.mariadbImage());
        Database database = fixture.inventory.databases().create(fixture.environment.id(), "maria", DatabaseEngine.MARIADB, rig.mariadbImage());
        volumes.add(database.dataVolume());
        long maria = database.serviceId();
        Deployment live = deploy(maria);
        assertThat(live.state()).as(reason(live)).isEqualTo(DeploymentState.LIVE);
        String name = fixture.cluster.docker(1).listServicesCmd().exec().stream().map(s -> s.getSpec().getName())
                .filter(n -> n.startsWith("prod-maria-")).findFirst().orElseThrow();
        Task task = onlyTask(name);
        String login = "read -r MYSQL_PWD; export MYSQL_PWD; exec mariadb -N -B -h 127.0.0.1 -u \"$MARIADB_USER\" -e 'SELECT CURRENT_USER()'";
        String before = fixture.inventory.reveal(fixture.inventory.variables(VariableScope.SERVICE, maria).stream()
                .filter(v -> v.key().equals("MARIADB_PASSWORD")).findFirst().orElseThrow()).reveal();
        assertThat(client(task, login, before + "\n")).isEqualTo("maria@%");

        DeployService.PasswordChange change = deploys.changeDatabasePassword(maria, Prompts.NONE);
        assertThat(change.inDatabase()).isTrue();
        String after = fixture.inventory.reveal(fixture.inventory.variables(VariableScope.SERVICE, maria).stream()
                .filter(v -> v.key().equals("MARIADB_PASSWORD")).findFirst().orElseThrow()).reveal();
        assertThat(after).isNotEqualTo(before);
        assertThat(client(task, login, after + "\n")).isEqualTo("maria@%");
        // mariadb-admin ping answers 0 while the server refuses the old password: Swarm keeps the replica.
        Thread.sleep(10_000);
        assertThat(onlyTask(name).getId()).isEqualTo(task.getId());
    }

    /** A client command run by sh in the replica (its secret files read first), its input on standard input; its output, stripped. */
    private String client(Task task, String shell, String input) {
        ContainerExec.Result result = ContainerExec.run(fixture.cluster.docker(nodeOf(task)), containerOf(task),
                dev.homeport.ssh.deploy.DatabaseRuntime.withSecretFiles(List.of("sh", "-c", shell)),
                input.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().strip();
    }

    private Deployment deploy(long serviceId) throws InterruptedException {
        return deploys.deploy(serviceId, null, Prompts.NONE, DeployListener.NONE).await();
    }

    private String reason(Deployment deployment) {
        return deployment.reason() + "\n" + String.join("\n", history.log(deployment.id()));
    }

    /** The node numbers whose replicas of {@code appName} each read the table through their DATABASE_URL. */
    private Set<Integer> reachFromEveryReplica(String appName) {
        Set<Integer> reached = new java.util.TreeSet<>();
        for (Task task : fixture.cluster.runningTasks(appName)) {
            int n = nodeOf(task);
            // The URL carries the password: a Swarm secret, a file in the replica.
            ContainerExec.Result result = ContainerExec.run(fixture.cluster.docker(n), containerOf(task),
                    List.of("sh", "-c", "exec psql \"$(cat /run/secrets/DATABASE_URL)\" -tAc 'SELECT v FROM t'"), null, Duration.ofSeconds(30));
            assertThat(result.output().strip()).as("replica on n%d: %s", n, result.output()).isEqualTo("kept");
            reached.add(n);
        }
        return reached;
    }

    private String sql(int n, Task task, String statements) {
        ContainerExec.Result result = ContainerExec.run(fixture.cluster.docker(n), containerOf(task), List.of("sh", "-c", PSQL),
                statements.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().strip();
    }

    private Task onlyTask(String service) throws InterruptedException {
        ClusterFixture.await("one running replica of " + service, () -> fixture.cluster.runningTasks(service).size() == 1);
        return fixture.cluster.runningTasks(service).getFirst();
    }

    private static String containerOf(Task task) {
        return task.getStatus().getContainerStatus().getContainerID();
    }

    private static String label(Task task) {
        return task.getSpec().getContainerSpec().getLabels().get("dev.homeport.deployment");
    }

    private int nodeOf(Task task) {
        for (int n = 1; n <= fixture.cluster.size(); n++) {
            if (fixture.swarmNodeId(n).equals(task.getNodeId())) {
                return n;
            }
        }
        throw new AssertionError("task on no rig node: " + task.getNodeId());
    }

    private static int index(String nodeName) {
        return Integer.parseInt(nodeName.substring(1));
    }

    /** A node number other than {@code n}. */
    private static int otherThan(int n) {
        return n % 3 + 1;
    }
}
