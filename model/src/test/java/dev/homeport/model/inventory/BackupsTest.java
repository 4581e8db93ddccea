package dev.homeport.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.BackupSchedule;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.Volume;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Vault;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named volumes' backup schedules in the store (V17): kept apart from a database's, listed with them, moved by a restore. */
class BackupsTest {
    @TempDir
    Path folder;

    @Test
    void aVolumesScheduleIsKeptBesideTheDatabasesAndMovesWithARestore() {
        HomeportHome home = new HomeportHome(folder.resolve("home"));
        try (Store store = Store.open(home)) {
            Vault vault = Vault.openOrCreate(home.vaultKey(), null);
            Inventory inventory = new Inventory(store, vault);
            long env = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            Service web = inventory.createService(new Service(0, env, "web", new ServiceSource.Image("nginx:1.27"), 80, null, null, null,
                    DeployOptions.defaults().withVolumes(List.of(new Volume("uploads", "/uploads", false), new Volume("cache", "/cache", false)))));
            Backups backups = new Backups(store, vault);
            Instant since = Instant.parse("2026-12-06T10:00:00Z");
            BackupSchedule uploads = BackupSchedule.parse(web.id(), "daily", "04:00", 3, 9, null, since).forVolume("uploads", true);
            BackupSchedule cache = BackupSchedule.parse(web.id(), "hourly", ":15", null, null, null, since).forVolume("cache", false);
            backups.save(uploads);
            backups.save(cache);

            assertThat(backups.volumeSchedule(web.id(), "uploads")).contains(uploads);
            assertThat(backups.volumeSchedule(web.id(), "cache")).hasValueSatisfying(s -> assertThat(s.stopService()).isFalse());
            assertThat(backups.schedule(web.id())).as("a database's schedule").isEmpty();
            assertThat(backups.schedules()).containsExactly(cache, uploads);

            backups.moveVolumeSchedule(uploads, "uploads-restore-20261206t040000z");
            assertThat(backups.volumeSchedule(web.id(), "uploads")).isEmpty();
            assertThat(backups.volumeSchedule(web.id(), "uploads-restore-20261206t040000z")).contains(uploads.movedTo("uploads-restore-20261206t040000z"));
            assertThat(backups.removeVolume(web.id(), "uploads-restore-20261206t040000z")).isTrue();
            assertThat(backups.removeVolume(web.id(), "uploads-restore-20261206t040000z")).isFalse();

            // Deleting the service deletes its schedules.
            inventory.delete(new Ref(Level.SERVICE, web.id()));
            assertThat(backups.schedules()).isEmpty();
        }
    }

    @Test
    void aSchedulesCopyTargetIsKeptMovesWithARestoreAndGoesWithItsNode() {
        HomeportHome home = new HomeportHome(folder.resolve("home"));
        try (Store store = Store.open(home)) {
            Vault vault = Vault.openOrCreate(home.vaultKey(), null);
            Inventory inventory = new Inventory(store, vault);
            NodeInventory nodes = new NodeInventory(store, vault);
            long env = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            Service web = inventory.createService(new Service(0, env, "web", new ServiceSource.Image("nginx:1.27"), 80, null, null, null,
                    DeployOptions.defaults().withVolumes(List.of(new Volume("uploads", "/uploads", false)))));
            Service db = inventory.createService(new Service(0, env, "db", new ServiceSource.Image("postgres:16"), 5432, null, null, null,
                    DeployOptions.defaults()));
            long spare = nodes.add(new dev.homeport.model.WorkerNode(0, "spare", "10.0.0.9", 22, "ops", new dev.homeport.model.NodeIdentity.Agent(),
                    null)).id();
            Backups backups = new Backups(store, vault);
            Instant since = Instant.parse("2026-12-06T10:00:00Z");
            BackupSchedule uploads = BackupSchedule.parse(web.id(), "daily", "04:00", 3, 9, null, since).forVolume("uploads", false)
                    .copiedTo(spare);
            BackupSchedule dump = BackupSchedule.parse(db.id(), "hourly", ":10", null, null, null, since).copiedTo(spare);
            backups.save(uploads);
            backups.save(dump);
            assertThat(backups.volumeSchedule(web.id(), "uploads")).hasValueSatisfying(s -> assertThat(s.copyTo()).isEqualTo(spare));
            assertThat(backups.schedule(db.id())).contains(dump);
            assertThat(uploads.forVolume("other", true).copyTo()).as("a schedule's copies follow it").isEqualTo(spare);

            backups.moveVolumeSchedule(uploads, "uploads-restore-20261206t040000z");
            assertThat(backups.volumeSchedule(web.id(), "uploads-restore-20261206t040000z"))
                    .hasValueSatisfying(s -> assertThat(s.copyTo()).isEqualTo(spare));

            // Without the node, the schedules stay, copying nowhere.
            nodes.remove(spare);
            assertThat(backups.schedules()).hasSize(2).allSatisfy(s -> assertThat(s.copyTo()).isNull());
            backups.save(dump.copiedTo(null));
            assertThat(backups.schedule(db.id())).hasValueSatisfying(s -> assertThat(s.copyTo()).isNull());
        }
    }
}
