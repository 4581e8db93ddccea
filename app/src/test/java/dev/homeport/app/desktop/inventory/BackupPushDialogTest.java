package dev.homeport.app.desktop.inventory;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.S3Target;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.Sha256;
import dev.homeport.model.Volume;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.backup.BackupManifest;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.backup.Restores;
import dev.homeport.ssh.backup.TestBackups;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigS3;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the app did only on the command line, on the rig: "Push copies…" of a volume's Backups section pushes its two
 * backups on demand to another node (each file there with its manifest's sha256) and then to an S3 target (each object in
 * the bucket with it), with the command line's text; and the Restore dialog lists the bucket's backups of the volume, newest
 * selected, downloads an older one chosen (its sha256 the manifest's, the newer one not downloaded), says a folder holds none,
 * and says inline why a target whose key is refused cannot be listed. With {@code -Dhomeport.screenshots=FOLDER} it saves
 * both dialogs.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class BackupPushDialogTest {
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;
    private Long key;
    private long serviceId;
    private final String volume = "homeport-test-bpd-" + UUID.randomUUID().toString().substring(0, 6);
    private BackupRun first;
    private BackupRun second;
    /** The second service's key and volume, when a test makes one. */
    private Long otherKey;
    private final String otherVolume = volume + "-o";

    @BeforeEach
    void setUp() throws Exception {
        app = new AppDriver(folder.resolve("user"));
        home = folder.resolve("home");
    }

    @AfterEach
    void close() throws Exception {
        app.close();
        if (key != null) {
            try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
                var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
                // The cluster's nodes share this machine's file system: the copies pushed to "spare" go with this line too.
                connection.exec(Command.script("""
                        rm -rf "$1" "$2"
                        rmdir "$3/rig" "$3" 2>/dev/null
                        exit 0
                        """, BackupPaths.folder(volume), BackupPaths.copyFolder("rig", volume), BackupPaths.ROOT + "/_copies"));
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
                if (otherKey != null) {
                    DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), otherKey);
                }
            }
        }
        TestBackups.removeFolder(volume);
        Processes.removeVolume(volume);
        if (otherKey != null) {
            TestBackups.removeFolder(otherVolume);
            Processes.removeVolume(otherVolume);
            Processes.run("docker", "volume", "ls", "-q").lines().filter(v -> v.startsWith(volume + "-restore-")).forEach(Processes::removeVolume);
        }
    }

    @Test
    void copiesArePushedOnDemandToAnotherNodeThenToAnS3Target(Rig rig) throws Exception {
        try (RigS3 s3 = new RigS3()) {
            prepare(rig, s3);
            openTheSettings();
            String pushButton = "#volume-backups-" + volume + "-push";
            waitFor(30, () -> app.robot.lookup(pushButton).tryQuery().isPresent());
            app.robot.interact(() -> app.<Button>anywhere(pushButton).fire());
            waitFor(() -> app.showsAnywhere("#push-dialog"));
            ComboBox<String> target = app.anywhere("#push-target");
            waitFor(30, () -> target.getItems().size() == 3);
            // The choices "Copy to" offers: the other node, the organisation's S3 targets; no schedule, so the first is chosen.
            assertThat(target.getItems()).containsExactly("spare", "s3:offsite", "s3:wrongkey");
            assertThat(target.getValue()).isEqualTo("spare");
            assertThat(app.<Label>anywhere("#push-schedule").getText()).isEqualTo("The schedule copies nowhere: choose where to push.");

            TextArea result = app.anywhere("#push-result");
            String folderThere = BackupPaths.copyFolder("rig", volume);
            // One backup chosen by its stamp (backup push --stamp), keeping every copy there (--keep-copies): only it goes.
            ComboBox<String> which = app.anywhere("#push-which");
            assertThat(which.getItems()).containsExactly("every backup it lacks", second.stamp(), first.stamp());
            app.robot.interact(() -> {
                which.setValue(first.stamp());
                app.<javafx.scene.control.CheckBox>anywhere("#push-keep").setSelected(true);
            });
            app.robot.interact(() -> app.<Button>anywhere("#push-start").fire());
            app.await(120, "the push of " + first.stamp() + " to spare", () -> result.getText().startsWith("acme/shop/prod/files:" + volume
                    + ": 1 backup(s) copied (" + first.stamp() + ") to spare:" + folderThere));
            assertThat(result.getText()).contains("old copies " + BackupService.KEPT_THIS_TIME + ".");
            assertThat(Path.of(folderThere).resolve(second.manifest().file())).doesNotExist();

            // Then every backup the target lacks, pruning as the schedule says (there is none): the second one goes.
            app.robot.interact(() -> {
                which.setValue("every backup it lacks");
                app.<javafx.scene.control.CheckBox>anywhere("#push-keep").setSelected(false);
            });
            app.robot.interact(() -> app.<Button>anywhere("#push-start").fire());
            app.await(120, "the push to spare", () -> result.getText().startsWith("acme/shop/prod/files:" + volume + ": 1 backup(s) copied ("
                    + second.stamp() + ") to spare:" + folderThere));
            assertThat(result.getText()).contains("old copies kept (no schedule, so no retention).").doesNotContain("Not copied");
            // On the target (this machine's file system is the cluster node's): each file with its manifest's sha256, no temporary name.
            Path copies = Path.of(folderThere);
            for (BackupRun run : List.of(first, second)) {
                assertThat(Sha256.hex(copies.resolve(run.manifest().file()))).isEqualTo(run.manifest().sha256());
                assertThat(BackupManifest.parse(Files.readString(copies.resolve(run.stamp() + ".json")))).isEqualTo(run.manifest());
            }
            try (var files = Files.list(copies)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("."));
            }
            String screenshots = System.getProperty("homeport.screenshots");
            if (screenshots != null) {
                app.capture(Path.of(screenshots, "backups-push-dialog.png"));
            }

            // Then to the S3 target: each object in the bucket is the backup, byte for byte.
            app.robot.interact(() -> target.setValue("s3:offsite"));
            app.robot.interact(() -> app.<Button>anywhere("#push-start").fire());
            String keys = "prod/rig/" + volume;
            app.await(180, "the push to s3:offsite", () -> result.getText().startsWith("acme/shop/prod/files:" + volume
                    + ": 2 backup(s) copied (" + first.stamp() + ", " + second.stamp() + ") to s3://" + s3.bucket + "/" + keys));
            for (BackupRun run : List.of(first, second)) {
                assertThat(Sha256.hex(s3.object(keys + "/" + run.manifest().file()))).isEqualTo(run.manifest().sha256());
                assertThat(s3.object(keys + "/" + run.stamp() + ".json")).isRegularFile();
            }
            // Once more: nothing new, both there already.
            app.robot.interact(() -> app.<Button>anywhere("#push-start").fire());
            app.await(120, "the second push to s3:offsite", () -> result.getText().startsWith("acme/shop/prod/files:" + volume
                    + ": nothing new to s3://" + s3.bucket + "/" + keys + "; 2 there already"));
        }
    }

    @Test
    void aChosenBackupIsDownloadedFromTheBucketAndARefusedKeyIsSaidInline(Rig rig) throws Exception {
        try (RigS3 s3 = new RigS3()) {
            prepare(rig, s3);
            try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
                S3Target offsite = homeport.inventory().s3Targets().named(homeport.inventory().organisations().getFirst().id(), "offsite");
                var pushed = homeport.backupService().pushToS3(BackupSubject.volume(serviceId, volume), offsite,
                        homeport.inventory().s3Targets().secretKey(offsite), null, false, Prompts.NONE);
                assertThat(pushed.copied()).as(pushed.problems().toString()).containsExactly(first.stamp(), second.stamp());
            }
            openTheSettings();
            String restoreButton = "#volume-backups-" + volume + "-restore";
            waitFor(30, () -> app.robot.lookup(restoreButton).tryQuery().isPresent());
            app.robot.interact(() -> app.<Button>anywhere(restoreButton).fire());
            waitFor(() -> app.showsAnywhere("#restore-dialog"));

            // The bucket's backups of the volume, newest first, the newest chosen.
            ListView<Restores.Entry> inBucket = app.anywhere("#restore-s3-backups");
            app.await(120, "the bucket's listing", () -> inBucket.getItems().size() == 2);
            assertThat(inBucket.getItems()).extracting(Restores.Entry::stamp).containsExactly(second.stamp(), first.stamp());
            assertThat(inBucket.getSelectionModel().getSelectedItem().stamp()).isEqualTo(second.stamp());
            assertThat(app.<ComboBox<String>>anywhere("#restore-s3-folder").getValue()).isEqualTo("rig/" + volume);

            // The older one, chosen, is downloaded (checked by sha256); the newer one is not.
            app.robot.interact(() -> inBucket.getSelectionModel().select(1));
            String screenshots = System.getProperty("homeport.screenshots");
            if (screenshots != null) {
                // The S3 section is at the dialog's foot: scrolled to, as a user would.
                app.robot.interact(() -> app.<javafx.scene.control.ScrollPane>anywhere("#restore-scroll").setVvalue(1));
                app.capture(Path.of(screenshots, "restore-dialog-s3-list.png"));
            }
            app.robot.interact(() -> app.<Button>anywhere("#restore-s3-download").fire());
            TextArea result = app.anywhere("#restore-result");
            app.await(120, "the download of " + first.stamp(), () -> result.getText().startsWith("Downloaded backup " + first.stamp()
                    + " from s3://" + s3.bucket + "/prod/rig/" + volume));
            Path here = home.resolve("database-backups").resolve(volume);
            assertThat(Sha256.hex(here.resolve(first.manifest().file()))).isEqualTo(first.manifest().sha256());
            assertThat(here.resolve(second.manifest().file())).doesNotExist();
            ListView<Restores.Entry> copies = app.anywhere("#restore-copies");
            waitFor(30, () -> copies.getItems().size() == 1);
            assertThat(copies.getItems().getFirst().stamp()).isEqualTo(first.stamp());

            // A folder that holds none: said in the list.
            app.robot.interact(() -> app.<ComboBox<String>>anywhere("#restore-s3-folder").setValue("rig/" + volume + "-none"));
            app.await(120, "the empty folder's listing", () -> inBucket.getPlaceholder() instanceof Label label
                    && ("No backup (a file with its manifest) in s3://" + s3.bucket + "/prod/rig/" + volume + "-none.").equals(label.getText()));
            assertThat(inBucket.getItems()).isEmpty();

            // A target whose secret key is wrong: why, beside the list.
            ChoiceBox<S3Target> targets = app.anywhere("#restore-s3-target");
            app.robot.interact(() -> app.<ComboBox<String>>anywhere("#restore-s3-folder").setValue("rig/" + volume));
            app.robot.interact(() -> targets.setValue(targets.getItems().stream().filter(t -> t.name().equals("wrongkey")).findFirst().orElseThrow()));
            Label problem = app.anywhere("#restore-s3-problem");
            app.await(120, "the refused key's error", () -> problem.isVisible() && problem.getText().startsWith("Cannot list s3:wrongkey: S3 refused the access key"));
            assertThat(problem.getText()).contains("the secret key does not match it");
            assertThat(inBucket.getItems()).isEmpty();
        }
    }

    @Test
    void anotherFoldersBackupIsDownloadedFromTheBucketAndRestored(Rig rig) throws Exception {
        try (RigS3 s3 = new RigS3()) {
            prepare(rig, s3);
            // Another service's volume, backed up with "theirs" and pushed to the bucket: its folder is rig/<its volume>.
            BackupRun theirs;
            try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
                var inventory = homeport.inventory();
                long environment = inventory.service(serviceId).environmentId();
                Service other = inventory.createService(new Service(0, environment, "other", new ServiceSource.Image(new TestApps(rig).image("v1")),
                        TestApps.PORT, "/health", null, null, DeployOptions.defaults().withVolumes(List.of(new Volume(otherVolume, "/data", false)))));
                otherKey = inventory.serviceNodeKey(other.id());
                var live = homeport.deployService().deploy(other.id(), null, Prompts.NONE, DeployListener.NONE).await();
                assertThat(live.state()).as(String.join("\n", homeport.deployments().log(live.id()))).isEqualTo(DeploymentState.LIVE);
                Processes.run("sh", "-c", "docker exec $(docker ps -q --filter volume=\"$1\") sh -c 'echo theirs > /data/hi.txt'", "sh", otherVolume);
                BackupSubject subject = BackupSubject.volume(other.id(), otherVolume);
                theirs = homeport.backupService().now(subject, false, Prompts.NONE);
                assertThat(theirs.succeeded()).as(theirs.manifest().error()).isTrue();
                S3Target offsite = inventory.s3Targets().named(inventory.organisations().getFirst().id(), "offsite");
                assertThat(homeport.backupService().pushToS3(subject, offsite, inventory.s3Targets().secretKey(offsite), null, false,
                        Prompts.NONE).copied()).containsExactly(theirs.stamp());
            }
            openTheSettings();
            String restoreButton = "#volume-backups-" + volume + "-restore";
            waitFor(30, () -> app.robot.lookup(restoreButton).tryQuery().isPresent());
            app.robot.interact(() -> app.<Button>anywhere(restoreButton).fire());
            waitFor(() -> app.showsAnywhere("#restore-dialog"));
            ListView<Restores.Entry> inBucket = app.anywhere("#restore-s3-backups");
            app.await(120, "the own folder's listing", () -> inBucket.getItems().size() == 0 || inBucket.getItems().size() == 2);

            app.robot.interact(() -> app.<ComboBox<String>>anywhere("#restore-s3-folder").setValue("rig/" + otherVolume));
            app.await(120, "the other folder's listing", () -> inBucket.getItems().size() == 1
                    && inBucket.getItems().getFirst().stamp().equals(theirs.stamp()) && inBucket.getSelectionModel().getSelectedIndex() == 0);
            app.robot.interact(() -> app.<Button>anywhere("#restore-s3-download").fire());
            TextArea result = app.anywhere("#restore-result");
            app.await(120, "the download", () -> result.getText().endsWith("restore it with Restore the download…."));
            Path file = home.resolve("database-backups").resolve(otherVolume).resolve(theirs.manifest().file());
            assertThat(result.getText()).startsWith("Downloaded backup " + theirs.stamp() + " from s3://" + s3.bucket + "/prod/rig/" + otherVolume)
                    .contains("It is in " + file);
            assertThat(Sha256.hex(file)).isEqualTo(theirs.manifest().sha256());
            Button restoreDownload = app.anywhere("#restore-s3-restore");
            waitFor(30, () -> restoreDownload.isVisible() && !restoreDownload.isDisabled());
            app.robot.interact(restoreDownload::fire);
            waitFor(180, () -> {
                try {
                    return app.dialogButton("Swap in and redeploy") != null;
                } catch (RuntimeException notYet) {
                    return false;
                }
            });
            assertThat(result.getText()).contains("verified: 1 file");
            app.clickDialogButton("Swap in and redeploy");
            waitFor(180, () -> result.getText().contains("The old data is kept on volume " + volume + "."));
            String restored = volume + "-restore-" + theirs.stamp().toLowerCase(java.util.Locale.ROOT);
            assertThat(Processes.run("sh", "-c", "docker exec $(docker ps -q --filter volume=\"$1\") cat /data/hi.txt", "sh", restored)
                    .strip()).isEqualTo("theirs");
        }
    }

    /** The service's page and its Settings tab (the volume's Backups section is below the fold). */
    private void openTheSettings() throws Exception {
        app.launch(home);
        waitFor(() -> "files".equals(app.<Label>anywhere("#page-title").getText()));
        app.robot.interact(() -> {
            javafx.scene.control.TabPane tabs = app.anywhere(".tab-pane");
            tabs.getTabs().stream().filter(tab -> "tab-settings".equals(tab.getId())).findFirst().ifPresent(tab -> tabs.getSelectionModel().select(tab));
        });
    }

    /**
     * acme/shop/prod with the rig's node and a node of the rig's cluster ("spare"), the S3 targets "offsite" (the rig's S3
     * server) and "wrongkey" (the same, with a wrong secret key), and the service "files" live on the rig with two backups of
     * its named volume.
     */
    private void prepare(Rig rig, RigS3 s3) throws Exception {
        TestApps apps = new TestApps(rig);
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long acme = inventory.createOrganisation("acme").id();
            long environment = inventory.createEnvironment(inventory.createApplication(acme, "shop").id(), "prod").id();
            inventory.s3Targets().add(acme, "offsite", s3.endpoint(), null, s3.bucket, "prod", s3.accessKey, Secret.of(s3.secretKey));
            inventory.s3Targets().add(acme, "wrongkey", s3.endpoint(), null, s3.bucket, "prod", s3.accessKey, Secret.of("not-" + s3.secretKey));
            Service service = inventory.createService(new Service(0, environment, "files", new ServiceSource.Image(apps.image("v1")),
                    TestApps.PORT, "/health", null, null, DeployOptions.defaults().withVolumes(List.of(new Volume(volume, "/data", false)))));
            key = inventory.serviceNodeKey(service.id());
            serviceId = service.id();
            NodeService nodes = homeport.nodeService();
            WorkerNode node = trusted(nodes, nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null)));
            trusted(nodes, nodes.add(new WorkerNode(0, "spare", rig.clusterHost(1), 22, rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null)));
            homeport.nodes().attach(node.id(), environment);
            var live = homeport.deployService().deploy(service.id(), null, Prompts.NONE, DeployListener.NONE).await();
            assertThat(live.state()).as(String.join("\n", homeport.deployments().log(live.id()))).isEqualTo(DeploymentState.LIVE);
            Processes.run("sh", "-c", "docker exec $(docker ps -q --filter volume=\"$1\") sh -c 'echo hi > /data/hi.txt'", "sh", volume);
            BackupSubject subject = BackupSubject.volume(service.id(), volume);
            first = homeport.backupService().now(subject, false, Prompts.NONE);
            Thread.sleep(1100); // the next run's stamp differs by a second at least
            Processes.run("sh", "-c", "docker exec $(docker ps -q --filter volume=\"$1\") sh -c 'echo later > /data/hi.txt'", "sh", volume);
            second = homeport.backupService().now(subject, false, Prompts.NONE);
            assertThat(List.of(first, second)).allSatisfy(run -> assertThat(run.succeeded()).as(run.manifest().error()).isTrue());
            Files.writeString(home.resolve("ui.properties"), "place=acme/shop/prod/files\n");
        }
    }

    private static WorkerNode trusted(NodeService nodes, WorkerNode node) {
        try {
            nodes.test(node, Prompts.NONE);
            return node;
        } catch (HostKeyException unknown) {
            return nodes.acceptHostKey(node, unknown);
        }
    }
}
