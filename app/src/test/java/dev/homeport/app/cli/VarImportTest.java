package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.inventory.InventoryPath;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code var import}: a whole .env file in one call, its secrets into the vault, all or nothing. */
class VarImportTest {
    private static final String PROD = "acme/shop/prod";
    private static final String WEB = "acme/shop/prod/web";

    @TempDir
    Path root;
    CliRunner cli;

    @BeforeEach
    void shop() {
        cli = new CliRunner(root.resolve("home")).withShop();
    }

    @Test
    void importsAnEnvFileWithItsSecretsSealed() throws Exception {
        cli.ok("var", "set", WEB, "REGION=us", "KEEP=me");
        Path env = Files.writeString(root.resolve("web.env"), """
                # the web service
                export REGION=eu
                LOG_LEVEL = debug   # a comment
                GREETING="hello\\nworld"
                LITERAL='$HOME stays #here'

                DB_PASSWORD=pa55 word
                """);

        CliRunner.Result imported = cli.run("var", "import", WEB, env.toString(), "--secret", "DB_PASSWORD");

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).isEqualTo("Set 5 variables (1 secret) on service 'acme/shop/prod/web'; it applies from the"
                + " service's next deploy.\n");
        assertThat(cli.ok("var", "list", WEB).lines()).contains("DB_PASSWORD  (secret)", "KEEP         me",
                "LITERAL      $HOME stays #here", "LOG_LEVEL    debug", "REGION       eu");
        assertThat(revealed(VariableScope.SERVICE, WEB, "DB_PASSWORD")).isEqualTo("pa55 word");
        assertThat(plain(VariableScope.SERVICE, WEB, "GREETING")).isEqualTo("hello\nworld");
    }

    @Test
    void readsStandardInput() {
        CliRunner.Result imported = cli.run(new ByteArrayInputStream("A=1\nB=2\n".getBytes(StandardCharsets.UTF_8)),
                "var", "import", PROD, "-");

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(cli.ok("var", "list", PROD)).isEqualTo("A  1\nB  2\n");
    }

    @Test
    void aBadLineIsNamedAndNothingIsWritten() throws Exception {
        Path env = Files.writeString(root.resolve("bad.env"), "GOOD=1\nTOKEN s3cret-never-shown\nLATER=2\n");
        Path badKey = Files.writeString(root.resolve("key.env"), "GOOD=1\n9LIVES=x\n");
        Path twice = Files.writeString(root.resolve("twice.env"), "A=1\nB=2\nA=3\n");
        Path open = Files.writeString(root.resolve("open.env"), "A=\"never closed\n");

        CliRunner.Result bad = cli.run("var", "import", PROD, env.toString());
        CliRunner.Result key = cli.run("var", "import", PROD, badKey.toString());
        CliRunner.Result duplicate = cli.run("var", "import", PROD, twice.toString());
        CliRunner.Result quote = cli.run("var", "import", PROD, open.toString());
        Path fine = Files.writeString(root.resolve("fine.env"), "A=1\n");
        CliRunner.Result missingSecret = cli.run("var", "import", PROD, fine.toString(), "--secret", "NOPE");

        assertThat(bad.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(bad.err()).isEqualTo("homeport: " + env + ", line 2: no '=' on the line; give KEY=VALUE; nothing was changed.\n")
                .doesNotContain("s3cret");
        assertThat(key.err()).contains(badKey + ", line 2: key: must match");
        assertThat(duplicate.err()).contains("line 3: A is set on line 1 already");
        assertThat(quote.err()).contains("line 1: the value's double quote is not closed");
        assertThat(missingSecret.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(missingSecret.err()).contains("--secret NOPE: the file sets no such key");
        assertThat(cli.ok("var", "list", PROD)).as("nothing half-written").isEmpty();
    }

    @Test
    void anUnknownOwnerChangesNothing() throws Exception {
        Path env = Files.writeString(root.resolve("ok.env"), "A=1\n");

        CliRunner.Result missing = cli.run("var", "import", "acme/shop/staging", env.toString());

        assertThat(missing.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(missing.err()).contains("staging");
    }

    private String revealed(VariableScope scope, String path, String key) {
        AtomicReference<String> value = new AtomicReference<>();
        cli.withHomeport(homeport -> {
            Variable variable = variable(homeport, scope, path, key);
            assertThat(variable.secret()).isTrue();
            value.set(homeport.inventory().reveal(variable).reveal());
        });
        return value.get();
    }

    private String plain(VariableScope scope, String path, String key) {
        AtomicReference<String> value = new AtomicReference<>();
        cli.withHomeport(homeport -> value.set(variable(homeport, scope, path, key).plainValue()));
        return value.get();
    }

    private static Variable variable(dev.homeport.app.Homeport homeport, VariableScope scope, String path, String key) {
        var inventory = homeport.inventory();
        long owner = inventory.resolve(InventoryPath.parse(path)).id();
        return inventory.variables(scope, owner).stream().filter(v -> v.key().equals(key)).findFirst().orElseThrow();
    }
}
