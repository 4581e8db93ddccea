package dev.homeport.ssh.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.Volume;
import dev.homeport.model.inventory.Backups;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import dev.homeport.model.inventory.Retention;
import dev.homeport.model.vault.Vault;
import dev.homeport.ssh.backup.BackupCron;
import dev.homeport.ssh.backup.BackupException;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupScripts;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.backup.Restores;
import dev.homeport.ssh.backup.VolumeRestores;
import dev.homeport.ssh.deploy.DeployException;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployService;
import dev.homeport.ssh.deploy.Undeploy;
import dev.homeport.ssh.docker.ContainerExec;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A named volume of a service on a cluster: each node keeps its own copy, so a backup is refused until the service is
 * pinned to one node; then it is made there, from that node's copy, and listed there for a restore. {@code --stop} is
 * refused (Swarm would start a new replica at once).
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ClusterVolumeBackupTest {
    @TempDir
    Path folder;
    Rig rig;
    ClusterFixture fixture;
    DeployService deploys;
    Backups backups;
    final String volume = "homeport-test-cvb-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void setUp(Rig rig) {
        this.rig = rig;
        fixture = new ClusterFixture(rig, folder);
        Vault vault = Vault.openOrCreate(new HomeportHome(folder.resolve("home")).vaultKey(), null);
        deploys = new DeployService(fixture.inventory, fixture.nodes, new KeyInventory(fixture.store, vault),
                new DeploymentHistory(fixture.store), fixture.nodeService, fixture.clients, new Retention(fixture.store));
        backups = new Backups(fixture.store, vault);
        new TestApps(rig).base();
        fixture.cluster.loadFromRig(TestApps.BASE, 1); // the folder app's Dockerfile starts FROM it, and node 1 builds
        fixture.attach(1);
        fixture.attach(2);
    }

    @AfterEach
    void tearDown() {
        try {
            var undeploy = new Undeploy(fixture.inventory, fixture.nodes, new DeploymentHistory(fixture.store), fixture.nodeService,
                    fixture.clients, deploys, backups, BackupCron.LINES);
            var plan = undeploy.plan(new Ref(Level.ENVIRONMENT, fixture.environment.id()), true, Prompts.NONE);
            assertThat(undeploy.deleteAfter(plan, Prompts.NONE, line -> { }).failed()).isEmpty();
        } finally {
            try {
                fixture.rigConnections(rig).getFirst().exec(Command.script("rm -rf \"$1\"; rm -f \"$HOME/$2/backup-recipient.$3\""
                        + " \"$HOME/$2/last-$3.log\"", BackupPaths.folder(volume), BackupScripts.FOLDER, volume));
                for (int n = 1; n <= fixture.cluster.size(); n++) {
                    try {
                        fixture.cluster.docker(n).removeVolumeCmd(volume).exec();
                    } catch (NotFoundException gone) {
                        // the delete above took it, or it never was on this node
                    }
                }
                fixture.cluster.reset();
            } finally {
                fixture.close();
            }
        }
    }

    @Test
    void aPinnedServicesVolumeIsBackedUpOnItsNode() throws Exception {
        Path app = TestApps.writeFolderApp(folder.resolve("app"), "v1");
        Service web = fixture.inventory.createService(new Service(0, fixture.environment.id(), "files",
                new ServiceSource.Folder(app.toString()), TestApps.PORT, "/health", null, null,
                DeployOptions.defaults().withVolumes(List.of(new Volume(volume, "/data", false)))));
        BackupService service = new BackupService(fixture.inventory, backups, deploys, fixture.nodeService, Clock.systemUTC());
        BackupSubject subject = BackupSubject.volume(web.id(), volume);
        assertThatThrownBy(() -> service.now(subject, false, Prompts.NONE)).isInstanceOf(DeployException.class)
                .hasMessageContaining("each node keeps its own copy of a named volume").hasMessageContaining("--pin NODE");

        fixture.inventory.updateService(web.withOptions(web.options().withPinnedNode("n2")));
        Deployment live = deploys.deploy(web.id(), null, Prompts.NONE, DeployListener.NONE).await();
        assertThat(live.state()).as(live.reason()).isEqualTo(DeploymentState.LIVE);
        Container replica = fixture.cluster.docker(2).listContainersCmd().withVolumeFilter(List.of(volume)).exec().stream()
                .findFirst().orElseThrow(() -> new AssertionError("no replica on n2 mounts " + volume));
        ContainerExec.Result wrote = ContainerExec.run(fixture.cluster.docker(2), replica.getId(),
                List.of("sh", "-c", "echo hi > /data/hi.txt && echo there > /data/there.txt"), null, Duration.ofSeconds(20));
        assertThat(wrote.exitCode()).as(wrote.output()).isZero();

        assertThatThrownBy(() -> service.now(subject, true, Prompts.NONE)).isInstanceOf(BackupException.class)
                .hasMessageContaining("--stop is not for a service on a cluster");
        // Made on n2, from n2's copy of the volume (n1's, if it had one, would be empty).
        BackupRun run = service.now(subject, false, Prompts.NONE);
        assertThat(run.succeeded()).as(run.manifest().error()).isTrue();
        assertThat(run.manifest().files()).isEqualTo(2L);
        assertThat(fixture.cluster.docker(1).listVolumesCmd().exec().getVolumes()).noneMatch(v -> v.getName().equals(volume));
        // Its backups are read (and restored) where they were made: on n2, not on the cluster's first node.
        VolumeRestores restores = new VolumeRestores(fixture.inventory, service, deploys, fixture.nodeService, fixture.clients, Clock.systemUTC());
        assertThat(restores.list(subject, Prompts.NONE)).extracting(Restores.Entry::stamp).containsExactly(run.stamp());
    }
}
