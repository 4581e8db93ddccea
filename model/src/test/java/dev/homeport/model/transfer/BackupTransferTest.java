package dev.homeport.model.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.BackupSchedule;
import dev.homeport.model.Database;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.Environment;
import dev.homeport.model.Organisation;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.Volume;
import dev.homeport.model.inventory.Backups;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import dev.homeport.model.vault.Secret;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup key and the backup schedules in the export file: the key only as a secret is, the schedules by path, read
 * back in the import's one transaction and checked against the file's services.
 */
class BackupTransferTest {
    private static final char[] PASSPHRASE = "backup export passphrase".toCharArray();
    /**
     * Two key pairs made by age-keygen for this test only (the ssh module's BackupKeyTransferTest round-trips one Homeport
     * makes, and decrypts with it what age encrypted).
     */
    static final String RECIPIENT = "age1kf6rmzqz7u56zs2cy3y2d277q33gtls9xqwd5dqm828wrg8nx37sgn4m8y";
    static final String IDENTITY = "AGE-SECRET-KEY-1HFM7QCQUK03HKN9N9XUZANKGU73XRQHV4UFCGYY9X9SZEQR6YVTQW33P02";
    static final String OTHER_RECIPIENT = "age1pd5kvldqze3xxdj2e3s5wj0fk2awx6k4cxm23w2rpcqklmfvwyhqyt25nr";
    static final String OTHER_IDENTITY = "AGE-SECRET-KEY-1HYQ0HAFTQP5MTS3ZSK4N8KXSNSGRS3WLVQSEY2A8Z7MNRFRVC3YSPENDEU";
    private static final Instant SINCE = Instant.parse("2026-11-01T10:00:00Z");

    @TempDir
    Path first;
    @TempDir
    Path second;
    private TransferTest.Opened source;
    private TransferTest.Opened target;

    @AfterEach
    void close() {
        if (source != null) {
            source.store().close();
        }
        if (target != null) {
            target.store().close();
        }
    }

    /** acme/shop/prod with the database db (scheduled daily) and web with the named volumes uploads (hourly, --stop) and cache. */
    private static void fill(TransferTest.Opened o) {
        Inventory inv = o.inventory();
        Organisation acme = inv.createOrganisation("acme");
        Environment prod = inv.createEnvironment(inv.createApplication(acme.id(), "shop").id(), "prod");
        Database db = inv.databases().create(prod.id(), "db", DatabaseEngine.POSTGRES, "postgres:16");
        Service web = inv.createService(new Service(0, prod.id(), "web", new ServiceSource.Image("nginx"), 8080, null, null, null,
                DeployOptions.defaults().withVolumes(List.of(new Volume("uploads", "/srv/uploads", false), new Volume("cache", "/cache", false)))));
        Backups backups = new Backups(o.store(), o.vault());
        backups.keepKey(new Backups.KeyPair(RECIPIENT, Secret.of(IDENTITY)));
        backups.save(new BackupSchedule(db.serviceId(), BackupSchedule.Every.DAILY, 3, 30, 14, 60, BackupSchedule.Target.NODE, SINCE));
        backups.save(new BackupSchedule(web.id(), BackupSchedule.Every.HOURLY, 0, 15, 48, 7, BackupSchedule.Target.NODE, SINCE)
                .forVolume("uploads", true));
    }

    /** Each schedule as the service's path, the volume and describe(), to compare across stores. */
    private static List<String> described(TransferTest.Opened o) {
        return new Backups(o.store(), o.vault()).schedules().stream()
                .map(s -> o.inventory().pathOf(new Ref(Level.SERVICE, s.serviceId())) + (s.volume() == null ? "" : ":" + s.volume())
                        + " " + s.describe() + " since " + s.since())
                .toList();
    }

    private static String exportWithSecrets(TransferTest.Opened o) {
        StringWriter out = new StringWriter();
        new InventoryExporter(o.store(), o.vault()).exportWithSecrets(out, PASSPHRASE);
        return out.toString();
    }

    @Test
    void schedulesAndTheKeyRoundTripWithSecrets() {
        source = TransferTest.Opened.at(first);
        fill(source);
        String exported = exportWithSecrets(source);
        assertThat(exported).contains("""
                backups:
                  key:
                    recipient: %s
                    encryptedIdentity: """.formatted(RECIPIENT)).contains("""
                  schedules:
                  - of: acme/shop/prod/db
                    every: daily
                    at: 03:30
                    keep: 14
                    maxAgeDays: 60
                    since: 2026-11-01T10:00:00Z
                  - of: acme/shop/prod/web:uploads
                    every: hourly
                    at: :15
                    keep: 48
                    maxAgeDays: 7
                    stop: true
                    since: 2026-11-01T10:00:00Z
                """).doesNotContain(IDENTITY);

        target = TransferTest.Opened.at(second);
        ImportReport report = target.importFrom(exported, PASSPHRASE);
        assertThat(report.summary()).endsWith(" Backups: 2 schedule(s) and the backup key.");
        assertThat(report.backupSchedules()).isEqualTo(2);
        assertThat(described(target)).containsExactly(
                "acme/shop/prod/db daily at 03:30 (node time), keep 14 for up to 60 days since 2026-11-01T10:00:00Z",
                "acme/shop/prod/web:uploads hourly at :15 (node time), keep 48 for up to 7 days, service stopped during the tar"
                        + " since 2026-11-01T10:00:00Z").isEqualTo(described(source));
        // The same key: the identity, opened from the new store's vault, is the one the first store kept.
        Backups.KeyPair key = new Backups(target.store(), target.vault()).key().orElseThrow();
        assertThat(key.recipient()).isEqualTo(RECIPIENT);
        assertThat(key.identity().reveal()).isEqualTo(IDENTITY);
        // Stored, not yet on the node: the report says how to write each cron line.
        assertThat(report.warnings()).contains("backups/schedules/acme/shop/prod/web:uploads: stored. Its node runs it once the schedule is"
                + " set there (that writes its cron line): run homeport backup schedule acme/shop/prod/web:uploads --every hourly --at :15"
                + " --keep 48 --max-age 7 --stop (or set it in the app's Backups section). Until then it shows as missed, unless the"
                + " exporting store's cron line is still on the node");
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).startsWith(
                "backups/schedules/acme/shop/prod/db: stored.").contains("homeport backup schedule acme/shop/prod/db --every daily --at 03:30"));
    }

    @Test
    void withoutSecretsTheKeyIsLeftOutAndTheReportSaysSo() {
        source = TransferTest.Opened.at(first);
        fill(source);
        String exported = source.export();
        assertThat(exported).contains("""
                  key:
                    recipient: %s
                    identity: false
                """.formatted(RECIPIENT)).doesNotContain("encryptedIdentity");

        target = TransferTest.Opened.at(second);
        ImportReport report = target.importFrom(exported, null);
        assertThat(report.backupKey()).isFalse();
        assertThat(report.summary()).endsWith(" Backups: 2 schedule(s).");
        assertThat(report.warnings()).contains("backups/key: left out, the file has no identity for it (exported without secrets)."
                + " Backups made with it cannot be decrypted by this store; it makes a key of its own for the backups it makes");
        assertThat(new Backups(target.store(), target.vault()).key()).isEmpty();
        assertThat(described(target)).isEqualTo(described(source));
        // Written back, the backups are the same but for the key it does not have.
        String again = target.export();
        assertThat(again.substring(again.indexOf("backups:"))).isEqualTo(exported.substring(exported.indexOf("backups:")).replace("""
                  key:
                    recipient: %s
                    identity: false
                """.formatted(RECIPIENT), ""));
    }

    private static final String S3_SECRET = "s3-secret-key-for-the-transfer-test";

    /** {@link #fill}, with acme's S3 target offsite, which the database's schedule copies to. */
    private static void fillWithS3(TransferTest.Opened o) {
        fill(o);
        Inventory inv = o.inventory();
        long acme = inv.organisations().getFirst().id();
        var offsite = inv.s3Targets().add(acme, "offsite", "http://minio.lan:9000", "eu-central-1", "acme-backups", "homeport/prod",
                "AKIATRANSFER", Secret.of(S3_SECRET));
        Backups backups = new Backups(o.store(), o.vault());
        long db = inv.resolve(dev.homeport.model.inventory.InventoryPath.parse("acme/shop/prod/db")).id();
        backups.save(backups.schedule(db).orElseThrow().copiedToS3(offsite.id()));
    }

    @Test
    void aScheduleThatKeepsItsCopiesForeverTravelsWithThatChoice() {
        source = TransferTest.Opened.at(first);
        fill(source);
        Backups backups = new Backups(source.store(), source.vault());
        long web = source.inventory().resolve(dev.homeport.model.inventory.InventoryPath.parse("acme/shop/prod/web")).id();
        backups.save(backups.volumeSchedule(web, "uploads").orElseThrow().keepingCopies(true));
        String exported = exportWithSecrets(source);
        assertThat(exported).contains("stop: true\n    since: 2026-11-01T10:00:00Z\n    keepCopies: true\n")
                .containsOnlyOnce("keepCopies");

        target = TransferTest.Opened.at(second);
        ImportReport report = target.importFrom(exported, PASSPHRASE);
        assertThat(described(target)).containsExactly(
                "acme/shop/prod/db daily at 03:30 (node time), keep 14 for up to 60 days since 2026-11-01T10:00:00Z",
                "acme/shop/prod/web:uploads hourly at :15 (node time), keep 48 for up to 7 days, service stopped during the tar,"
                        + " copies kept forever since 2026-11-01T10:00:00Z").isEqualTo(described(source));
        assertThat(new Backups(target.store(), target.vault()).schedules()).extracting(BackupSchedule::keepCopies).containsExactly(false, true);
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).startsWith("backups/schedules/acme/shop/prod/web:uploads: stored.")
                .contains("--max-age 7 --stop --keep-copies (or set it"));
        assertThat(exportWithSecrets(target).replaceAll("encrypted\\w+: .*|salt: .*", ""))
                .isEqualTo(exported.replaceAll("encrypted\\w+: .*|salt: .*", ""));
    }

    @Test
    void s3TargetsTravelWithTheirSecretKeyAndASchedulesCopyTargetByName() {
        source = TransferTest.Opened.at(first);
        fillWithS3(source);
        String exported = exportWithSecrets(source);
        assertThat(exported).contains("""
                - name: acme
                  s3Targets:
                  - name: offsite
                    endpoint: http://minio.lan:9000
                    region: eu-central-1
                    bucket: acme-backups
                    prefix: homeport/prod
                    accessKeyId: AKIATRANSFER
                    encryptedSecretKey: """).contains("since: 2026-11-01T10:00:00Z\n    copyTo: s3:offsite\n").doesNotContain(S3_SECRET);

        target = TransferTest.Opened.at(second);
        ImportReport report = target.importFrom(exported, PASSPHRASE);
        long acme = target.inventory().organisations().getFirst().id();
        var offsite = target.inventory().s3Targets().named(acme, "offsite");
        assertThat(offsite.location()).isEqualTo("s3://acme-backups/homeport/prod at http://minio.lan:9000");
        assertThat(offsite.region()).isEqualTo("eu-central-1");
        assertThat(offsite.accessKeyId()).isEqualTo("AKIATRANSFER");
        assertThat(target.inventory().s3Targets().secretKey(offsite).reveal()).isEqualTo(S3_SECRET);
        long db = target.inventory().resolve(dev.homeport.model.inventory.InventoryPath.parse("acme/shop/prod/db")).id();
        BackupSchedule schedule = new Backups(target.store(), target.vault()).schedule(db).orElseThrow();
        assertThat(schedule.copyToS3()).isEqualTo(offsite.id());
        assertThat(schedule.copyTo()).isNull();
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).startsWith("backups/schedules/acme/shop/prod/db: stored.")
                .contains("--max-age 60 --copy-to s3:offsite (or set it"));
        // Written back, the file is the same (but for the secrets' salt and ciphertexts).
        String again = exportWithSecrets(target);
        assertThat(again.replaceAll("encrypted\\w+: .*|salt: .*", "")).isEqualTo(exported.replaceAll("encrypted\\w+: .*|salt: .*", ""));
        // A target a schedule copies to is not removed: the error names the schedule.
        assertThatThrownBy(() -> target.inventory().s3Targets().remove(acme, "offsite")).isInstanceOf(dev.homeport.model.ValidationException.class)
                .hasMessageContaining("the backups of acme/shop/prod/db are copied to the S3 target 'offsite'");
        assertThat(target.inventory().s3Targets().list(acme)).hasSize(1);
    }

    @Test
    void withoutSecretsAnS3TargetIsLeftOutWithItsSchedulesCopyAndTheReportSaysSo() {
        source = TransferTest.Opened.at(first);
        fillWithS3(source);
        String exported = source.export();
        assertThat(exported).contains("accessKeyId: AKIATRANSFER").contains("copyTo: s3:offsite").doesNotContain("encryptedSecretKey")
                .doesNotContain(S3_SECRET);

        target = TransferTest.Opened.at(second);
        ImportReport report = target.importFrom(exported, null);
        assertThat(report.warnings()).contains("organisations/acme/s3Targets/offsite: left out, the file has no secret key for it"
                + " (exported without secrets)", "backups/schedules/acme/shop/prod/db/copyTo: left out, the S3 target 'offsite' is left"
                + " out (its secret key is not in the file); the schedule copies nowhere until one is set");
        long acme = target.inventory().organisations().getFirst().id();
        assertThat(target.inventory().s3Targets().list(acme)).isEmpty();
        long db = target.inventory().resolve(dev.homeport.model.inventory.InventoryPath.parse("acme/shop/prod/db")).id();
        BackupSchedule schedule = new Backups(target.store(), target.vault()).schedule(db).orElseThrow();
        assertThat(schedule.copyToS3()).isNull();
        assertThat(schedule.describe()).isEqualTo("daily at 03:30 (node time), keep 14 for up to 60 days");

        // A schedule naming a target its organisation does not have in the file is refused, naming the place; nothing is written.
        TransferTest.Opened third = TransferTest.Opened.at(first.resolve("third"));
        try {
            assertThatThrownBy(() -> third.importFrom(exported.replace("copyTo: s3:offsite", "copyTo: s3:elsewhere"), null))
                    .isInstanceOf(TransferException.class).hasMessage("backups/schedules/acme/shop/prod/db/copyTo: the organisation 'acme'"
                            + " has no S3 target 'elsewhere' in the file (a schedule copies to an S3 target of its own organisation)");
            assertThat(third.inventory().organisations()).isEmpty();
        } finally {
            third.store().close();
        }
    }

    @Test
    void aStoreWithTheSameKeyTakesTheFileAndOneWithAnotherKeyRefusesIt() {
        source = TransferTest.Opened.at(first);
        fill(source);
        String exported = exportWithSecrets(source);
        // Another organisation, with no node keys and another volume: only the key is the same.
        String renamed = exported.replace("name: acme", "name: other").replace("acme/shop", "other/shop").replace("uploads", "photos")
                .replaceAll("(?m)^\\s*nodeKey: \\d+\\n", "");

        target = TransferTest.Opened.at(second);
        String other = OTHER_RECIPIENT;
        new Backups(target.store(), target.vault()).keepKey(new Backups.KeyPair(other, Secret.of(OTHER_IDENTITY)));
        assertThatThrownBy(() -> target.importFrom(renamed, PASSPHRASE)).isInstanceOf(TransferException.class)
                .hasMessage("backups/key: this store has a backup key of its own already (" + other + "); import never replaces it,"
                        + " since the backups made with it could no longer be decrypted");
        assertThat(target.inventory().organisations()).as("nothing half-written").isEmpty();
        assertThat(new Backups(target.store(), target.vault()).key().orElseThrow().recipient()).isEqualTo(other);

        // The first store takes a renamed copy of its own file: the key is the one it has.
        ImportReport report = source.importFrom(renamed, PASSPHRASE);
        assertThat(report.backupSchedules()).isEqualTo(2);
        assertThat(new Backups(source.store(), source.vault()).key().orElseThrow().identity().reveal()).isEqualTo(IDENTITY);
    }

    @Test
    void aScheduleOfNoDatabaseOrOfAVolumeTheServiceDoesNotHaveIsNamedAndNothingIsWritten() {
        target = TransferTest.Opened.at(second);
        String services = """
                homeport: 1
                organisations:
                - name: acme
                  applications:
                  - name: shop
                    environments:
                    - name: prod
                      services:
                      - name: db
                        image: postgres:16
                        database:
                          engine: postgres
                          majorVersion: "16"
                          dataVolume: db-data-x7k2q9
                        port: 5432
                        deploy:
                          volumes:
                          - db-data-x7k2q9:/var/lib/postgresql/data
                      - name: web
                        image: nginx
                        port: 80
                        deploy:
                          volumes:
                          - uploads:/srv/uploads
                          - /srv/static:/static
                backups:
                  schedules:
                """;
        String daily = "    every: daily\n    at: \"03:00\"\n";
        assertBroken(services + "  - of: acme/shop/prod/web\n" + daily,
                "backups/schedules/acme/shop/prod/web/of: 'acme/shop/prod/web' is not a database; a schedule names a database, or one"
                        + " of a service's named volumes as SERVICE:VOLUME (its named volumes are uploads)");
        assertBroken(services + "  - of: acme/shop/prod/web:logs\n" + daily,
                "backups/schedules/acme/shop/prod/web:logs/of: 'acme/shop/prod/web' mounts no named volume 'logs'; its named volumes are uploads");
        assertBroken(services + "  - of: acme/shop/prod/db:db-data-x7k2q9\n" + daily,
                "backups/schedules/acme/shop/prod/db:db-data-x7k2q9/of: db-data-x7k2q9 is the data volume of the database"
                        + " 'acme/shop/prod/db': its backups are dumps, scheduled without ':db-data-x7k2q9'");
        assertBroken(services + "  - of: acme/shop/prod/api\n" + daily,
                "backups/schedules/acme/shop/prod/api/of: no service 'acme/shop/prod/api' in the file (a schedule travels with its service)");
        assertBroken(services + "  - of: acme/shop\n" + daily,
                "backups/schedules/acme/shop/of: 'acme/shop' names an application, but a service is needed");
        assertBroken(services + "  - of: acme/shop/prod/db\n    every: weekly\n",
                "backups/schedules/acme/shop/prod/db/every: must be hourly or daily, got 'weekly'");
        assertBroken(services + "  - of: acme/shop/prod/db\n    at: \"03:00\"\n",
                "backups/schedules/acme/shop/prod/db/every: is required: hourly or daily");
        assertBroken(services + "  - of: acme/shop/prod/db\n" + daily + "    maxAgeDays: 0\n",
                "backups/schedules/acme/shop/prod/db/maxAgeDays: must be 1–3650 days, got 0");
        assertBroken(services + "  - of: acme/shop/prod/db\n" + daily + "    stop: true\n",
                "backups/schedules/acme/shop/prod/db/stop: stopping the service applies to a volume's backup");
        assertBroken(services + "  - of: acme/shop/prod/db\n    every: daily\n    at: \"25:00\"\n",
                "backups/schedules/acme/shop/prod/db/at: the hour must be 0–23, got 25");
        assertBroken(services + "  - of: acme/shop/prod/db\n" + daily + "    since: yesterday\n",
                "backups/schedules/acme/shop/prod/db/since: must be a UTC time such as 2026-12-06T03:00:00Z, got 'yesterday'");
        assertBroken(services + "  - of: acme/shop/prod/db\n" + daily + "  - of: acme/shop/prod/db\n    every: hourly\n",
                "backups/schedules/acme/shop/prod/db: the file has two of backup schedule of 'acme/shop/prod/db'");
        assertBroken(services + "  - of: acme/shop/prod/db\n" + daily + "    colour: blue\n",
                "The file is not a valid Homeport export: line 31, column 5: backups/schedules/0/colour: unknown key 'colour'");
        assertBroken(services.replace("  schedules:\n", "  key:\n    recipient: age1nope\n"),
                "backups/key/recipient: must be an age recipient (age1 and 58 more characters), got 'age1nope'");
        assertBroken(services.replace("  schedules:\n", "  key:\n    recipient: " + RECIPIENT + "\n    encryptedIdentity: abc\n"),
                "backups/key/encryptedIdentity: the file has encrypted values but no 'secrets' section describing the passphrase");
        assertThat(target.inventory().organisations()).as("nothing half-written").isEmpty();
        assertThat(new Backups(target.store(), target.vault()).schedules()).isEmpty();

        // The same file with good schedules goes in whole.
        ImportReport report = target.importFrom(services + "  - of: acme/shop/prod/db\n" + daily
                + "  - of: acme/shop/prod/web:uploads\n    every: hourly\n", null);
        assertThat(report.backupSchedules()).isEqualTo(2);
        assertThat(described(target)).hasSize(2).first().asString()
                .startsWith("acme/shop/prod/db daily at 03:00 (node time), keep 7 for up to 30 days since ");
    }

    @Test
    void theIdentitysRecipientIsAgesOwnAndAKeyWhoseRecipientIsAnothersIsRefused() {
        assertThat(AgeKeys.recipientOf(IDENTITY)).isEqualTo(RECIPIENT);
        assertThat(AgeKeys.recipientOf(OTHER_IDENTITY)).isEqualTo(OTHER_RECIPIENT);

        source = TransferTest.Opened.at(first);
        fill(source);
        String exported = exportWithSecrets(source);
        target = TransferTest.Opened.at(second);
        assertThatThrownBy(() -> target.importFrom(exported.replace(RECIPIENT, OTHER_RECIPIENT), PASSPHRASE))
                .isInstanceOf(TransferException.class)
                .hasMessage("backups/key/recipient: is not the identity's recipient (" + RECIPIENT + "); nodes would encrypt backups to"
                        + " a key this store cannot read");
        assertThat(target.inventory().organisations()).as("nothing half-written").isEmpty();
        assertThat(new Backups(target.store(), target.vault()).key()).isEmpty();
    }

    @Test
    void aVolumeAServiceOfTheStoreBacksUpAlreadyIsRefused() {
        target = TransferTest.Opened.at(second);
        fill(target);
        String yaml = """
                homeport: 1
                organisations:
                - name: other
                  applications:
                  - name: app
                    environments:
                    - name: prod
                      services:
                      - name: files
                        image: nginx
                        port: 80
                        deploy:
                          volumes:
                          - uploads:/data
                backups:
                  schedules:
                  - of: other/app/prod/files:uploads
                    every: daily
                """;
        assertBroken(yaml, "backups/schedules/other/app/prod/files:uploads/of: the volume uploads is backed up on a schedule of the"
                + " store's service 'web' already; a node's volume has one schedule");
        assertThat(target.inventory().organisations()).extracting(Organisation::name).containsExactly("acme");
    }

    private void assertBroken(String yaml, String expectedMessage) {
        assertThatThrownBy(() -> target.importFrom(yaml, null))
                .isInstanceOf(TransferException.class)
                .hasMessageStartingWith(expectedMessage);
    }
}
