package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.BackupSchedule;
import dev.homeport.model.Database;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.Volume;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Backups;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.NotFoundException;
import dev.homeport.model.inventory.Ref;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.RigBackups;
import dev.homeport.ssh.rig.RigHttp;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.Prompts;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deleting with undeploy on the rig: what the plan finds on the node, what goes, what stays, and a node that cannot be reached. */
class UndeployTest extends RigDeployTest {
    private final List<String> volumes = new ArrayList<>();

    @AfterEach
    void removeVolumes() {
        try {
            for (String volume : volumes) {
                // A failed test may leave a backup's cron line and folder.
                RigBackups.removeFromNode(fixture.connection(), volume);
            }
        } finally {
            for (String volume : volumes) {
                Processes.removeVolume(volume);
            }
        }
    }

    private String crontab() {
        return fixture.connection().exec(Command.script("crontab -l 2>/dev/null || true")).out();
    }

    private Undeploy undeploy() {
        return new Undeploy(fixture.inventory, fixture.nodes, fixture.history, fixture.nodeService, fixture.clients, fixture.deploys,
                new Backups(fixture.store, fixture.vault), dev.homeport.ssh.backup.BackupCron.LINES);
    }

    /** A folder service (so its image is built, and labelled) with a domain and a named volume, deployed twice. */
    private Service deployedTwice(String name) throws Exception {
        String volume = "homeport-undeploy-" + name + "-" + fixture.unique;
        volumes.add(volume);
        Service service = fixture.service(new Service(0, 0, name,
                new ServiceSource.Folder(apps.folderApp(folder, "v1").toString(), "Dockerfile"), TestApps.PORT, "/health", null, null,
                DeployOptions.defaults().withDrainSeconds(0).withVolumes(List.of(new Volume(volume, "/data", false)))));
        fixture.inventory.addDomain(service.id(), fixture.domain(name));
        fixture.deployLive(service.id());
        fixture.deployLive(service.id());
        return service;
    }

    private List<String> volumesOnRig() {
        return Processes.run("docker", "volume", "ls", "-q").lines().toList();
    }

    private List<?> containersOf(long key) {
        return new ReleaseContainers(fixture.clients.docker(fixture.connection()).client()).ofService(key);
    }

    private List<?> imagesOf(long key) {
        return fixture.clients.docker(fixture.connection()).client().listImagesCmd()
                .withLabelFilter(Map.of(Labels.SERVICE, Long.toString(key))).exec();
    }

    private boolean routed(long key) {
        try (CaddyAdmin admin = CaddyAdmin.over(fixture.connection())) {
            return new CaddyRoutes(admin).current(key).isPresent();
        }
    }

    @Test
    void deletingAServiceWithUndeployRemovesItsContainersRouteAndImagesButKeepsItsVolume() throws Exception {
        Service web = deployedTwice("web");
        long key = fixture.inventory.serviceNodeKey(web.id());
        String volume = volumes.getFirst();
        assertThat(RigHttp.get("http", fixture.domain("web"), "/", null).body()).isEqualTo("testapp v1");

        UndeployPlan plan = undeploy().plan(new Ref(Level.SERVICE, web.id()), false, Prompts.NONE);
        assertThat(plan.unreachable()).isEmpty();
        UndeployPlan.Found found = plan.found().stream().filter(f -> f.serviceKey() == key).findFirst().orElseThrow();
        assertThat(found.node()).isEqualTo("rig");
        assertThat(found.containers()).hasSize(2)
                .allSatisfy(c -> assertThat(c.name()).startsWith(fixture.environment.name() + "-web-"));
        assertThat(found.domains()).containsExactly(fixture.domain("web"));
        assertThat(found.images()).hasSize(2).allSatisfy(i -> assertThat(i.name()).startsWith("homeport/" + fixture.environment.name() + "-web-"));
        assertThat(found.volumes()).containsExactly(volume);
        assertThat(plan.describe()).anyMatch(line -> line.startsWith("Containers on rig: ") && line.endsWith("(acme/shop/" + fixture.environment.name() + "/web)"))
                .anyMatch(line -> line.equals("Caddy route on rig: " + fixture.domain("web") + " (acme/shop/" + fixture.environment.name() + "/web)"))
                .anyMatch(line -> line.startsWith("Volumes kept on rig: " + volume));

        List<String> progress = new CopyOnWriteArrayList<>();
        Undeploy.Result result = undeploy().deleteAfter(plan, Prompts.NONE, progress::add);

        assertThat(result.failed()).isEmpty();
        assertThat(result.deleted()).isTrue();
        assertThat(progress).containsExactlyElementsOf(result.removed()).hasSize(1 + 2 + 2);
        assertThat(containersOf(key)).isEmpty();
        assertThat(imagesOf(key)).isEmpty();
        assertThat(routed(key)).isFalse();
        assertThat(volumesOnRig()).contains(volume);
        assertThatThrownBy(() -> fixture.inventory.service(web.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deletingAnEnvironmentWithUndeployRemovesTheCronLinesOfItsBackupSchedulesAndKeepsTheBackups() throws Exception {
        Database db = fixture.database("db", DatabaseEngine.POSTGRES, fixture.rig.postgresImage());
        volumes.add(db.dataVolume());
        String uploads = "homeport-undeploy-uploads-" + fixture.unique;
        volumes.add(uploads);
        Service files = fixture.service(new Service(0, 0, "files", new ServiceSource.Image(apps.image("v1")), TestApps.PORT, "/health",
                null, null, DeployOptions.defaults().withDrainSeconds(0).withVolumes(List.of(new Volume(uploads, "/data", false)))));
        fixture.deployLive(db.serviceId());
        fixture.deployLive(files.id());
        Backups store = new Backups(fixture.store, fixture.vault);
        BackupService backups = new BackupService(fixture.inventory, store, fixture.deploys, fixture.nodeService, Clock.systemUTC());
        backups.schedule(BackupSchedule.parse(db.serviceId(), "daily", "03:30", 5, 10, null, Instant.now()), Prompts.NONE);
        backups.schedule(BackupSchedule.parse(files.id(), "hourly", ":15", null, null, null, Instant.now()).forVolume(uploads, false),
                Prompts.NONE);
        BackupRun made = backups.now(BackupSubject.volume(files.id(), uploads), false, Prompts.NONE);
        assertThat(made.manifest().status()).as(made.manifest().error()).isEqualTo("ok");
        assertThat(crontab()).contains("# homeport-backup " + db.dataVolume() + "\n", "# homeport-backup " + uploads + "\n");

        String env = "acme/shop/" + fixture.environment.name();
        UndeployPlan plan = undeploy().plan(new Ref(Level.ENVIRONMENT, fixture.environment.id()), false, Prompts.NONE);
        assertThat(plan.unreachable()).isEmpty();
        assertThat(plan.describe()).contains(
                "Backup schedule on rig: removes the backup schedule of db; the backups made stay (" + env + "/db)",
                "Backup schedule on rig: removes the backup schedule of files:" + uploads + "; the backups made stay (" + env + "/files)");

        Undeploy.Result result = undeploy().deleteAfter(plan, Prompts.NONE, line -> { });

        assertThat(result.failed()).isEmpty();
        assertThat(result.deleted()).isTrue();
        assertThat(result.removed()).contains("Removed the backup schedule of db (its cron line; its backups stay) on rig.",
                "Removed the backup schedule of files:" + uploads + " (its cron line; its backups stay) on rig.");
        String after = crontab();
        assertThat(after).doesNotContain("homeport-backup " + db.dataVolume()).doesNotContain("homeport-backup " + uploads);
        // The backups made stay on the node, and so do the volumes (not asked to go).
        assertThat(fixture.connection().exec(Command.script("ls \"$1\"", BackupPaths.folder(uploads))).out()).contains(made.manifest().file());
        assertThat(volumesOnRig()).contains(db.dataVolume(), uploads);
        assertThat(store.schedules()).noneMatch(s -> s.serviceId() == db.serviceId() || s.serviceId() == files.id());
    }

    @Test
    void aServiceThatIsDeployingIsNotPlannedForRemoval() throws Exception {
        Service web = fixture.service(new Service(0, 0, "busy", new ServiceSource.Folder(apps.folderApp(folder, "v1").toString(), "Dockerfile"),
                TestApps.PORT, "/health", null, null, DeployOptions.defaults()));
        DeployRun run = fixture.deploys.deploy(web.id(), null, Prompts.NONE, DeployListener.NONE);
        try {
            assertThatThrownBy(() -> undeploy().plan(new Ref(Level.ENVIRONMENT, fixture.environment.id()), false, Prompts.NONE))
                    .isInstanceOf(DeployException.class)
                    .hasMessage("acme/shop/" + fixture.environment.name() + "/busy is deploying now (deployment #" + run.queued().id()
                            + "). Wait for it to finish, or cancel it, then delete.");
        } finally {
            run.await();
        }
    }

    @Test
    void volumesGoOnlyWhenAsked() throws Exception {
        Service data = deployedTwice("data");
        long key = fixture.inventory.serviceNodeKey(data.id());

        UndeployPlan plan = undeploy().plan(new Ref(Level.SERVICE, data.id()), true, Prompts.NONE);
        assertThat(plan.describe()).anyMatch(line -> line.startsWith("Volumes on rig: " + volumes.getFirst()));
        Undeploy.Result result = undeploy().deleteAfter(plan, Prompts.NONE, line -> { });

        assertThat(result.failed()).isEmpty();
        assertThat(result.removed()).contains("Removed volume " + volumes.getFirst() + " on rig.");
        assertThat(volumesOnRig()).doesNotContain(volumes.getFirst());
        assertThat(containersOf(key)).isEmpty();
    }

    @Test
    void anUnreachableNodeIsNamedAndTheEnvironmentStaysInTheInventory() throws Exception {
        Service web = deployedTwice("away");
        long key = fixture.inventory.serviceNodeKey(web.id());
        // A node nobody answers on: a closed port of loopback.
        WorkerNode gone = fixture.nodes.add(new WorkerNode(0, "gone", "127.0.0.1", 9, "nobody",
                new NodeIdentity.KeyFile(fixture.rig.sshKey().toString()), null));
        fixture.nodes.attach(gone.id(), fixture.environment.id());
        Ref environment = new Ref(Level.ENVIRONMENT, fixture.environment.id());

        UndeployPlan plan = undeploy().plan(environment, false, Prompts.NONE);
        assertThat(plan.unreachable()).singleElement().satisfies(u -> assertThat(u.node()).isEqualTo("gone"));
        assertThat(plan.describe()).anyMatch(line -> line.startsWith("Cannot reach node gone ("));
        Undeploy.Result result = undeploy().deleteAfter(plan, Prompts.NONE, line -> { });

        // What the rig had is gone; the environment is kept, so a later delete can still find what "gone" has.
        assertThat(containersOf(key)).isEmpty();
        assertThat(routed(key)).isFalse();
        assertThat(result.deleted()).isFalse();
        assertThat(result.failed()).singleElement().asString().startsWith("Node gone could not be reached");
        assertThat(fixture.inventory.environment(fixture.environment.id()).name()).isEqualTo(fixture.environment.name());
        assertThat(fixture.inventory.service(web.id()).name()).isEqualTo("away");
    }
}
