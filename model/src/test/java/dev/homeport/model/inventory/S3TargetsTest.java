package dev.homeport.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.HomeportHome;
import dev.homeport.model.S3Target;
import dev.homeport.model.ValidationException;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Sealed;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.Vault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An organisation's S3 targets in the store (V19): checked, named once, the secret key sealed and opened again. */
class S3TargetsTest {
    @TempDir
    Path folder;

    @Test
    void aTargetIsKeptWithItsSecretSealedAndANameIsUsedOnce() throws Exception {
        HomeportHome home = new HomeportHome(folder.resolve("home"));
        String secret = "s3-secret-" + java.util.UUID.randomUUID();
        try (Store store = Store.open(home)) {
            Vault vault = Vault.openOrCreate(home.vaultKey(), null);
            Inventory inventory = new Inventory(store, vault);
            long acme = inventory.createOrganisation("acme").id();
            long other = inventory.createOrganisation("other").id();
            S3Targets targets = inventory.s3Targets();
            S3Target saved = targets.add(acme, "offsite", "https://s3.eu-central-1.amazonaws.com", "eu-central-1", "acme-backups",
                    "/homeport/prod/", "AKIAEXAMPLE", Secret.of(secret));
            assertThat(saved.prefix()).isEqualTo("homeport/prod");
            assertThat(saved.folder("web-1", "db-data-x7k2qa")).isEqualTo("homeport/prod/web-1/db-data-x7k2qa");
            assertThat(saved.location()).isEqualTo("s3://acme-backups/homeport/prod at https://s3.eu-central-1.amazonaws.com");
            assertThat(saved.secretKey().text()).doesNotContain(secret);
            assertThat(targets.secretKey(targets.named(acme, "offsite")).reveal()).isEqualTo(secret);

            assertThatThrownBy(() -> targets.add(acme, "offsite", "http://minio.lan:9000", null, "b2b", null, "AK", Secret.of("x")))
                    .isInstanceOf(ValidationException.class).hasMessage("name: the organisation already has an S3 target named 'offsite';"
                            + " remove it first to change it");
            S3Target sameNameElsewhere = targets.add(other, "offsite", "http://minio.lan:9000", " ", "b2b", "", "AK", Secret.of("x"));
            assertThat(sameNameElsewhere.region()).isNull();
            assertThat(sameNameElsewhere.prefix()).isNull();
            assertThat(sameNameElsewhere.folder("n", "v")).isEqualTo("n/v");
            assertThat(targets.list(acme)).extracting(S3Target::name).containsExactly("offsite");

            assertThat(targets.remove(acme, "offsite")).isTrue();
            assertThat(targets.remove(acme, "offsite")).isFalse();
            assertThat(targets.list(acme)).isEmpty();
            assertThat(targets.list(other)).hasSize(1);
        }
        try (var files = Files.walk(folder.resolve("home"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(secret);
            }
        }
    }

    @Test
    void aTargetThatSchedulesCopyToIsNotRemovedAndTheErrorNamesThem() throws Exception {
        HomeportHome home = new HomeportHome(folder.resolve("home"));
        try (Store store = Store.open(home)) {
            Vault vault = Vault.openOrCreate(home.vaultKey(), null);
            Inventory inventory = new Inventory(store, vault);
            long acme = inventory.createOrganisation("acme").id();
            long prod = inventory.createEnvironment(inventory.createApplication(acme, "shop").id(), "prod").id();
            var db = inventory.databases().create(prod, "db", dev.homeport.model.DatabaseEngine.POSTGRES, "postgres:16");
            var web = inventory.createService(new dev.homeport.model.Service(0, prod, "web", new dev.homeport.model.ServiceSource.Image("nginx"),
                    8080, null, null, null, dev.homeport.model.DeployOptions.defaults()
                            .withVolumes(java.util.List.of(new dev.homeport.model.Volume("uploads", "/srv/uploads", false)))));
            S3Targets targets = inventory.s3Targets();
            S3Target offsite = targets.add(acme, "offsite", "http://minio.lan:9000", null, "acme-backups", null, "AK", Secret.of("x"));
            Backups backups = new Backups(store, vault);
            var daily = new dev.homeport.model.BackupSchedule(db.serviceId(), dev.homeport.model.BackupSchedule.Every.DAILY, 3, 0, 7, 30,
                    null, java.time.Instant.EPOCH);
            backups.save(daily.copiedToS3(offsite.id()));
            // Stored and read back: a database's schedule and a volume's each keep the target.
            var webSchedule = new dev.homeport.model.BackupSchedule(web.id(), dev.homeport.model.BackupSchedule.Every.DAILY, 3, 0, 7, 30,
                    null, java.time.Instant.EPOCH, "uploads", true, null, offsite.id());
            backups.save(webSchedule);
            assertThat(backups.schedule(db.serviceId()).orElseThrow().copyToS3()).isEqualTo(offsite.id());
            assertThat(backups.volumeSchedule(web.id(), "uploads").orElseThrow().copyToS3()).isEqualTo(offsite.id());

            assertThatThrownBy(() -> targets.remove(acme, "offsite")).isInstanceOf(ValidationException.class)
                    .hasMessage("name: the backups of acme/shop/prod/db, acme/shop/prod/web:uploads are copied to the S3 target 'offsite';"
                            + " give those schedules another copy target or none first ('homeport backup schedule ... --copy-to"
                            + " NODE|s3:NAME' or '--no-copy')");
            assertThat(targets.list(acme)).hasSize(1);
            backups.save(backups.schedule(db.serviceId()).orElseThrow().copiedTo(null));
            backups.save(webSchedule.copiedToS3(null));
            assertThat(targets.remove(acme, "offsite")).isTrue();
        }
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThat(refused("s3.example.com", "bucket", null)).isEqualTo("endpoint: must be an http:// or https:// URL of the S3 service, a host"
                + " and optional port (such as https://s3.eu-central-1.amazonaws.com or http://minio.lan:9000), got 's3.example.com'");
        assertThat(refused("ftp://s3.example.com", "bucket", null)).startsWith("endpoint: must be an http:// or https:// URL");
        assertThat(refused("https://s3.example.com/path?x=1", "bucket", null)).startsWith("endpoint: must be");
        assertThat(refused("https://user:pw@s3.example.com", "bucket", null)).startsWith("endpoint: must be");
        assertThat(refused("https://s3.example.com", " ", null)).isEqualTo("bucket: is required");
        assertThat(refused("https://s3.example.com", "My_Bucket", null)).startsWith("bucket: must be an S3 bucket name");
        assertThat(refused("https://s3.example.com", "ab", null)).startsWith("bucket: must be an S3 bucket name");
        assertThat(refused("https://s3.example.com", "bucket", "a/../b")).startsWith("prefix: must be folder names separated by '/'");
        assertThat(refused("https://s3.example.com", "bucket", "a//b")).startsWith("prefix: must be folder names");
        assertThatThrownBy(() -> new S3Target(0, 1, "Off Site", "https://s3.example.com", null, "bucket", null, "AK", new Sealed("v1.x")))
                .hasMessageStartingWith("name: must be lower-case");
        assertThatThrownBy(() -> new S3Target(0, 1, "offsite", "https://s3.example.com", "EU Central", "bucket", null, "AK", new Sealed("v1.x")))
                .hasMessageStartingWith("region: must be a region name");
        assertThatThrownBy(() -> new S3Target(0, 1, "offsite", "https://s3.example.com", null, "bucket", null, "AK ID", new Sealed("v1.x")))
                .hasMessageStartingWith("access key: must be the access key id");
        assertThat(new S3Target(0, 1, "offsite", "http://127.0.0.1:9000/", null, "my.bucket-1", "x", "AK", new Sealed("v1.x")).bucket())
                .isEqualTo("my.bucket-1");
    }

    private static String refused(String endpoint, String bucket, String prefix) {
        try {
            new S3Target(0, 1, "offsite", endpoint, null, bucket, prefix, "AK", new Sealed("v1.x"));
        } catch (ValidationException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted " + endpoint + " " + bucket + " " + prefix);
    }
}
