package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.vault.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferCommandsTest {
    private static final String SECRET = "s3cret-db-password";

    @TempDir
    Path root;

    @Test
    void anExportImportedIntoAFreshHomeExportsTheSame() throws IOException {
        CliRunner source = new CliRunner(root.resolve("a")).withShop();
        addDomainAndVariable(source);
        Path file = root.resolve("inventory.yaml");

        CliRunner.Result exported = source.run("export", "-o", file.toString());
        CliRunner target = new CliRunner(root.resolve("b"));
        CliRunner.Result imported = target.run("import", file.toString());

        assertThat(exported.exitCode()).isZero();
        assertThat(exported.out()).startsWith("Exported the inventory to " + file);
        assertThat(imported.exitCode()).isZero();
        assertThat(imported.out()).isEqualTo("Imported 1 organisation(s), 1 application(s), 1 environment(s), 2 service(s),"
                + " 0 node(s) and 0 SSH identities.\n");
        assertThat(target.ok("export")).isEqualTo(source.ok("export")).contains("shop.example.com", "LOG_LEVEL");
        assertThat(Files.readString(file)).isEqualTo(source.ok("export"));
    }

    @Test
    void secretsTravelEncryptedWithThePassphraseAndSurviveTheRoundTrip() throws IOException {
        CliRunner source = new CliRunner(root.resolve("a")).withShop();
        addDomainAndVariable(source);
        source.withHomeport(homeport -> homeport.inventory().setSecret(VariableScope.ENVIRONMENT,
                homeport.inventory().resolve(InventoryPath.parse("acme/shop/prod")).id(), "DB_PASSWORD", Secret.of(SECRET)));
        Path passphrase = Files.writeString(root.resolve("passphrase"), "correct horse battery\n");
        Path file = root.resolve("with-secrets.yaml");

        CliRunner.Result exported = source.run("export", "--include-secrets", "--passphrase-file", passphrase.toString(), "-o", file.toString());
        CliRunner target = new CliRunner(root.resolve("b"));
        CliRunner.Result imported = target.run("import", file.toString(), "--passphrase-file", passphrase.toString());

        assertThat(exported.exitCode()).isZero();
        String content = Files.readString(file);
        assertThat(content).contains("DB_PASSWORD", "encryptedValue", "pbkdf2-hmac-sha256").doesNotContain(SECRET);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(imported.exitCode()).isZero();
        assertThat(imported.out()).doesNotContain("warning");
        assertThat(target.ok("export")).isEqualTo(source.ok("export")).contains("secret: true");
        assertThat(revealEnvironmentSecret(target, "DB_PASSWORD")).isEqualTo(SECRET);
    }

    @Test
    void anExportWithoutSecretsKeepsOnlyTheirKeysAndTheImportSaysSo() {
        CliRunner source = new CliRunner(root.resolve("a")).withShop();
        source.withHomeport(homeport -> homeport.inventory().setSecret(VariableScope.ENVIRONMENT,
                homeport.inventory().resolve(InventoryPath.parse("acme/shop/prod")).id(), "DB_PASSWORD", Secret.of(SECRET)));

        String yaml = source.ok("export");
        CliRunner.Result imported = new CliRunner(root.resolve("b"))
                .run(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "import", "-");

        assertThat(yaml).contains("DB_PASSWORD").doesNotContain(SECRET);
        assertThat(imported.exitCode()).isZero();
        assertThat(imported.out()).contains("warning: organisations/acme/applications/shop/environments/prod/variables/DB_PASSWORD: left out");
    }

    @Test
    void secretsNeedAPassphraseFileWhenInputIsNotATerminal() throws IOException {
        CliRunner source = new CliRunner(root.resolve("a")).withShop();
        Path passphrase = Files.writeString(root.resolve("passphrase"), "correct horse battery");
        Path file = root.resolve("with-secrets.yaml");
        source.ok("export", "--include-secrets", "--passphrase-file", passphrase.toString(), "-o", file.toString());
        CliRunner target = new CliRunner(root.resolve("b"));

        CliRunner.Result noExportPassphrase = source.run("export", "--include-secrets");
        CliRunner.Result noImportPassphrase = target.run("import", file.toString());

        assertThat(noExportPassphrase.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(noExportPassphrase.err()).contains("--passphrase-file");
        assertThat(noExportPassphrase.out()).isEmpty();
        assertThat(noImportPassphrase.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(noImportPassphrase.err()).contains("--passphrase-file");
        assertThat(target.ok("org", "list")).isEmpty();
    }

    @Test
    void aWrongImportPassphraseChangesNothing() throws IOException {
        CliRunner source = new CliRunner(root.resolve("a")).withShop();
        source.withHomeport(homeport -> homeport.inventory().setSecret(VariableScope.ENVIRONMENT,
                homeport.inventory().resolve(InventoryPath.parse("acme/shop/prod")).id(), "DB_PASSWORD", Secret.of(SECRET)));
        Path file = root.resolve("with-secrets.yaml");
        source.ok("export", "--include-secrets", "--passphrase-file",
                Files.writeString(root.resolve("right"), "correct horse battery").toString(), "-o", file.toString());
        CliRunner target = new CliRunner(root.resolve("b"));

        CliRunner.Result wrong = target.run("import", file.toString(), "--passphrase-file",
                Files.writeString(root.resolve("wrong"), "incorrect horse").toString());

        assertThat(wrong.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(wrong.err()).contains("DB_PASSWORD/encryptedValue", "Wrong passphrase");
        assertThat(target.ok("org", "list")).isEmpty();
    }

    @Test
    void exportPassphrasesAreTypedTwiceAtATerminal() {
        CliRunner cli = new CliRunner(root).withShop();
        Path file = root.resolve("typed.yaml");

        CliRunner.Result tooShort = cli.answering("short\n", "export", "--include-secrets", "-o", file.toString());
        CliRunner.Result differ = cli.answering("correct horse\ncorrect house\n", "export", "--include-secrets", "-o", file.toString());
        CliRunner.Result same = cli.answering("correct horse\ncorrect horse\n", "export", "--include-secrets", "-o", file.toString());

        assertThat(tooShort.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(tooShort.err()).contains("at least 8 characters");
        assertThat(differ.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(differ.err()).contains("differ");
        assertThat(same.exitCode()).isZero();
        assertThat(file).content().contains("secrets:", "kdf: pbkdf2-hmac-sha256");
    }

    @Test
    void aPassphraseFileWithoutIncludeSecretsIsBadInput() throws IOException {
        CliRunner cli = new CliRunner(root);
        Path passphrase = Files.writeString(root.resolve("passphrase"), "correct horse battery");

        CliRunner.Result result = cli.run("export", "--passphrase-file", passphrase.toString());

        assertThat(result.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(result.err()).isEqualTo("homeport: --passphrase-file is used only with --include-secrets.\n");
        assertThat(cli.home.storeFile()).doesNotExist();
    }

    @Test
    void aBrokenFileNamesTheLineAndPathAndChangesNothing() throws IOException {
        CliRunner cli = new CliRunner(root.resolve("home")).withShop();
        String before = cli.ok("export");
        Path file = Files.writeString(root.resolve("broken.yaml"), """
                homeport: 1
                organisations:
                  - name: blog
                    applications:
                      - name: site
                        colour: red
                """);

        CliRunner.Result broken = cli.run("import", file.toString());

        assertThat(broken.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(broken.err()).startsWith("homeport: The file is not a valid Homeport export: line ")
                .contains("organisations/0/applications/0/colour: unknown key 'colour'")
                .hasLineCount(1);
        assertThat(cli.ok("export")).isEqualTo(before);
    }

    @Test
    void anInvalidValueNamesItsPathAndChangesNothing() throws IOException {
        CliRunner cli = new CliRunner(root.resolve("home")).withShop();
        String before = cli.ok("export");
        Path file = Files.writeString(root.resolve("invalid.yaml"), """
                homeport: 1
                organisations:
                  - name: blog
                    applications:
                      - name: site
                        environments:
                          - name: prod
                            services:
                              - name: web
                                image: nginx:1.27
                                port: 70000
                """);

        CliRunner.Result invalid = cli.run("import", file.toString());

        assertThat(invalid.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(invalid.err()).isEqualTo("homeport: organisations/blog/applications/site/environments/prod/services/web/port:"
                + " must be 1–65535, got 70000\n");
        assertThat(cli.ok("export")).isEqualTo(before);
    }

    @Test
    void importingWhatIsAlreadyThereIsRefused() {
        CliRunner cli = new CliRunner(root).withShop();
        String yaml = cli.ok("export");

        CliRunner.Result clash = cli.run(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "import", "-");

        assertThat(clash.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(clash.err()).contains("already has an organisation named 'acme'");
        assertThat(cli.ok("export")).isEqualTo(yaml);
    }

    @Test
    void aMissingFileIsAFailedOperation() {
        CliRunner cli = new CliRunner(root);

        CliRunner.Result missingImport = cli.run("import", root.resolve("nothing.yaml").toString());
        CliRunner.Result missingFolder = cli.run("export", "-o", root.resolve("no/such/folder/out.yaml").toString());

        assertThat(missingImport.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(missingImport.err()).isEqualTo("homeport: Cannot read the import file " + root.resolve("nothing.yaml")
                + ": no such file or folder\n");
        assertThat(missingFolder.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(missingFolder.err()).contains("Cannot write", "no such file or folder");
    }

    private static void addDomainAndVariable(CliRunner cli) {
        cli.withHomeport(homeport -> {
            var inventory = homeport.inventory();
            long web = inventory.resolve(InventoryPath.parse("acme/shop/prod/web")).id();
            inventory.addDomain(web, "shop.example.com");
            inventory.setVariable(VariableScope.SERVICE, web, "LOG_LEVEL", "debug");
        });
    }

    private static String revealEnvironmentSecret(CliRunner cli, String key) {
        AtomicReference<String> value = new AtomicReference<>();
        cli.withHomeport(homeport -> {
            var inventory = homeport.inventory();
            long prod = inventory.resolve(InventoryPath.parse("acme/shop/prod")).id();
            Variable variable = inventory.variables(VariableScope.ENVIRONMENT, prod).stream()
                    .filter(v -> v.key().equals(key)).findFirst().orElseThrow();
            assertThat(variable.secret()).isTrue();
            value.set(inventory.reveal(variable).reveal());
        });
        return value.get();
    }
}
