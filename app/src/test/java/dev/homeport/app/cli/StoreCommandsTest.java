package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.app.Homeport;
import dev.homeport.model.VariableScope;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.vault.Secret;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code homeport store backup, restore, backups, schedule} on real stores: alone, and while the app serves the command. */
class StoreCommandsTest {
    @TempDir
    Path root;
    CliRunner cli;
    Path passphrase;

    @BeforeEach
    void shop() throws Exception {
        cli = new CliRunner(root.resolve("home")).withShop();
        cli.withHomeport(homeport -> homeport.inventory().setSecret(VariableScope.SERVICE,
                homeport.inventory().resolve(InventoryPath.parse("acme/shop/prod/web")).id(), "TOKEN", Secret.of("t0ken-value")));
        passphrase = Files.writeString(root.resolve("passphrase.txt"), "backup passphrase\n");
    }

    @Test
    void aBackupIsRestoredWithItsPassphraseAfterAConfirmation() {
        Path backup = root.resolve("out/homeport.zip");
        CliRunner.Result noPassphrase = cli.run("store", "backup", backup.toString());
        assertThat(noPassphrase.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(noPassphrase.err()).contains("the backup needs one of its own: give --passphrase-file FILE");
        assertThat(backup).doesNotExist();

        assertThat(cli.ok("store", "backup", backup.toString(), "--passphrase-file", passphrase.toString()))
                .startsWith("Backed up the store (version ").contains("encrypted with the passphrase you gave");
        JsonNode backups = cli.json("store", "backups", "--json");
        assertThat(backups.get("schedule").asText()).isEqualTo("off");
        assertThat(backups.get("runs").get(0).get("ok").asBoolean()).isTrue();
        assertThat(backups.get("runs").get(0).get("file").asText()).isEqualTo(backup.toString());
        assertThat(cli.ok("store", "backups")).contains("schedule      off").contains("manual  ok  " + backup);

        cli.ok("org", "delete", "acme", "--yes");
        CliRunner.Result unconfirmed = cli.run("store", "restore", backup.toString(), "--passphrase-file", passphrase.toString());
        assertThat(unconfirmed.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(unconfirmed.err()).contains("pass --yes");
        CliRunner.Result refused = cli.answering("n\n", "store", "restore", backup.toString(), "--passphrase-file", passphrase.toString());
        assertThat(refused.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(cli.ok("org", "list")).doesNotContain("acme");

        assertThat(cli.ok("store", "restore", backup.toString(), "--passphrase-file", passphrase.toString(), "--yes"))
                .startsWith("Restored the store from " + backup);
        assertThat(cli.ok("org", "list")).contains("acme");
        cli.withHomeport(homeport -> {
            var web = homeport.inventory().service(homeport.inventory().resolve(InventoryPath.parse("acme/shop/prod/web")).id());
            var token = homeport.inventory().variables(VariableScope.SERVICE, web.id()).getFirst();
            assertThat(homeport.inventory().reveal(token).reveal()).isEqualTo("t0ken-value");
        });
    }

    @Test
    void aFileThatIsNoBackupIsRefusedWithItsReason() throws Exception {
        Path text = Files.writeString(root.resolve("notes.zip"), "hello");
        CliRunner.Result refused = cli.run("store", "restore", text.toString(), "--yes");
        assertThat(refused.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(refused.err()).startsWith("homeport: ").contains("is not a Homeport store backup: it is not a zip file");
        assertThat(cli.ok("org", "list")).contains("acme");

        CliRunner.Result badFrequency = cli.run("store", "schedule", "hourly", "--to", root.toString());
        assertThat(badFrequency.exitCode()).isEqualTo(Cli.BAD_INPUT);
        CliRunner.Result noMaster = cli.run("store", "schedule", "daily", "--to", root.resolve("backups").toString());
        assertThat(noMaster.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(noMaster.err()).contains("Scheduled backups need a master passphrase");
    }

    @Test
    void whileTheAppIsOpenABackupRunsInItAndARestoreIsRefused() throws Exception {
        Path backup = root.resolve("served.zip");
        try (Homeport open = Homeport.open(cli.home, null); CliServer server = CliServer.start(open, () -> { })) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = CliClient.run(cli.home.cliSocket(), new String[] {"store", "backup", "served.zip", "--passphrase-file", "passphrase.txt"},
                    root, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), null, false);
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(backup).exists();

            ByteArrayOutputStream refusedErr = new ByteArrayOutputStream();
            int refused = CliClient.run(cli.home.cliSocket(), new String[] {"store", "restore", "served.zip", "--yes", "--passphrase-file", "passphrase.txt"},
                    root, InputStream.nullInputStream(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(refusedErr, true, StandardCharsets.UTF_8), null, false);
            assertThat(refused).isEqualTo(Cli.FAILED);
            assertThat(refusedErr.toString(StandardCharsets.UTF_8)).contains("Close the app and run this again");
        }
        assertThat(cli.ok("store", "restore", backup.toString(), "--passphrase-file", passphrase.toString(), "--yes")).startsWith("Restored");
    }
}
