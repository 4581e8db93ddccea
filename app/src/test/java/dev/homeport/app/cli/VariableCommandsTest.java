package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.inventory.InventoryPath;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VariableCommandsTest {
    private static final String PROD = "acme/shop/prod";
    private static final String WEB = "acme/shop/prod/web";
    private static final String SECRET = "pa55-w0rd!for-the-db";

    @TempDir
    Path root;
    CliRunner cli;

    @BeforeEach
    void shop() {
        cli = new CliRunner(root.resolve("home")).withShop();
    }

    @Test
    void setsListsAndUnsetsPlainVariablesOfAnEnvironmentAndAService() {
        CliRunner.Result set = cli.run("var", "set", PROD, "REGION=eu", "LOG_LEVEL=info");
        cli.ok("var", "set", WEB, "LOG_LEVEL=debug", "EMPTY=");

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).isEqualTo("Set REGION, LOG_LEVEL on environment 'acme/shop/prod'; it applies from each service's next deploy.\n");
        assertThat(cli.ok("var", "list", PROD)).isEqualTo("""
                LOG_LEVEL  info
                REGION     eu
                """);
        assertThat(cli.ok("var", "list", WEB)).isEqualTo("""
                EMPTY
                LOG_LEVEL  debug
                """);

        CliRunner.Result unset = cli.run("var", "unset", PROD, "REGION");

        assertThat(unset.exitCode()).isZero();
        assertThat(unset.out()).startsWith("Unset REGION on environment 'acme/shop/prod'");
        assertThat(cli.ok("var", "list", PROD)).isEqualTo("LOG_LEVEL  info\n");
        assertThat(cli.ok("service", "show", WEB)).contains("LOG_LEVEL=debug");
    }

    @Test
    void aSecretPipedInIsStoredExactlyAndNeverShown() {
        CliRunner.Result set = cli.run(stdin(SECRET + "\n"), "var", "set", PROD, "DB_PASSWORD", "--secret");
        cli.ok("var", "set", PROD, "REGION=eu");

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).isEqualTo("Set secret DB_PASSWORD on environment 'acme/shop/prod'; it applies from each service's next deploy.\n");
        assertThat(revealed(VariableScope.ENVIRONMENT, PROD, "DB_PASSWORD")).isEqualTo(SECRET);
        String text = cli.ok("var", "list", PROD);
        String json = cli.ok("var", "list", PROD, "--json");
        assertThat(text).isEqualTo("""
                DB_PASSWORD  (secret)
                REGION       eu
                """);
        JsonNode secret = CliRunner.parse(json).get(0);
        assertThat(secret.toString()).isEqualTo("{\"key\":\"DB_PASSWORD\",\"secret\":true}");
        for (String output : new String[] {set.out(), set.err(), text, json, cli.ok("env", "show", PROD), cli.ok("env", "show", PROD, "--json"),
                cli.ok("export")}) {
            assertThat(output).doesNotContain(SECRET).doesNotContain("pa55");
        }
    }

    @Test
    void aSecretCanBeTypedAtTheTerminalOrReadFromAFile() throws Exception {
        Path file = root.resolve("token");
        Files.writeString(file, "from-a-file\n");

        CliRunner.Result typed = cli.answering("typed-at-the-terminal\n", "var", "set", WEB, "API_TOKEN", "--secret");
        cli.ok("var", "set", WEB, "FILE_TOKEN", "--secret", "--from-file", file.toString());

        assertThat(typed.exitCode()).as(typed.err()).isZero();
        assertThat(typed.out()).startsWith("Value of API_TOKEN (not shown): ").doesNotContain("typed-at-the-terminal");
        assertThat(revealed(VariableScope.SERVICE, WEB, "API_TOKEN")).isEqualTo("typed-at-the-terminal");
        assertThat(revealed(VariableScope.SERVICE, WEB, "FILE_TOKEN")).isEqualTo("from-a-file");
        assertThat(cli.ok("var", "list", WEB)).doesNotContain("typed-at-the-terminal", "from-a-file");
    }

    @Test
    void aSecretGivenOnTheCommandLineIsRefusedWithoutRepeatingIt() {
        CliRunner.Result refused = cli.run("var", "set", PROD, "DB_PASSWORD=" + SECRET, "--secret");

        assertThat(refused.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(refused.err()).startsWith("homeport: A secret value is never taken from the command line").hasLineCount(1)
                .doesNotContain(SECRET);
        assertThat(cli.ok("var", "list", PROD)).isEmpty();
    }

    @Test
    void aSecretWithNothingPipedInIsRefused() {
        CliRunner.Result refused = cli.run("var", "set", PROD, "DB_PASSWORD", "--secret");

        assertThat(refused.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(refused.err()).startsWith("homeport: Nothing came on standard input");
        assertThat(cli.ok("var", "list", PROD)).isEmpty();
    }

    @Test
    void hostileValuesArePassedByteForByte() {
        String quotes = "it's \"quoted\" $(rm -rf /) `id` ${HOME} ; | & > < \\ \t end";
        String unicode = "Grüße 🚀 שלום e\u0301 \u202Eevil";
        String withEquals = "postgres://u:p@db/shop?sslmode=require&x==y";

        cli.ok("var", "set", WEB, "QUOTES=" + quotes, "UNICODE=" + unicode, "URL=" + withEquals);

        JsonNode variables = cli.json("var", "list", WEB, "--json");
        assertThat(value(variables, "QUOTES")).isEqualTo(quotes);
        assertThat(value(variables, "UNICODE")).isEqualTo(unicode);
        assertThat(value(variables, "URL")).isEqualTo(withEquals);
        // As text, control characters are escaped, so a value cannot drive the terminal.
        assertThat(cli.ok("var", "list", WEB)).contains("\\x09 end").doesNotContain("\t");
    }

    @Test
    void valuesFromAFileOrStdinKeepTheirLinesButNotTheFinalLineEnding() throws Exception {
        Path pem = root.resolve("cert.pem");
        String certificate = "-----BEGIN CERTIFICATE-----\nMIIB'$(x)\"\n-----END CERTIFICATE-----";
        Files.writeString(pem, certificate + "\n");
        Path blankLast = root.resolve("blank-last");
        Files.writeString(blankLast, "two\n\n");
        Path crlf = root.resolve("crlf");
        Files.writeString(crlf, "windows\r\n");

        cli.ok("var", "set", WEB, "CERT", "--from-file", pem.toString());
        cli.ok("var", "set", WEB, "BLANK_LAST", "--from-file", blankLast.toString());
        cli.ok("var", "set", WEB, "CRLF", "--from-file", crlf.toString());
        CliRunner.Result piped = cli.run(stdin("from stdin\nsecond line"), "var", "set", WEB, "PIPED", "--from-file", "-");

        assertThat(piped.exitCode()).as(piped.err()).isZero();
        JsonNode variables = cli.json("var", "list", WEB, "--json");
        assertThat(value(variables, "CERT")).isEqualTo(certificate);
        assertThat(value(variables, "BLANK_LAST")).isEqualTo("two\n");
        assertThat(value(variables, "CRLF")).isEqualTo("windows");
        assertThat(value(variables, "PIPED")).isEqualTo("from stdin\nsecond line");
        assertThat(cli.ok("var", "list", WEB)).contains("CERT        -----BEGIN CERTIFICATE-----\\x0aMIIB");
    }

    @Test
    void aNulIsRefusedAndNothingChanges() throws Exception {
        Path file = root.resolve("nul");
        Files.write(file, new byte[] {'a', 0, 'b'});

        CliRunner.Result plain = cli.run("var", "set", WEB, "NUL", "--from-file", file.toString());
        CliRunner.Result secret = cli.run(new ByteArrayInputStream(new byte[] {'x', 0, 'y'}), "var", "set", WEB, "NUL", "--secret");

        assertThat(plain.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(plain.err()).isEqualTo("homeport: NUL: a value cannot contain a NUL character\n");
        assertThat(secret.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(secret.err()).isEqualTo("homeport: NUL: a value cannot contain a NUL character\n");
        assertThat(cli.ok("var", "list", WEB)).isEmpty();
    }

    @Test
    void aFileThatIsNotUtf8IsRefused() throws Exception {
        Path file = root.resolve("latin1");
        Files.write(file, new byte[] {'c', 'a', 'f', (byte) 0xe9});

        CliRunner.Result refused = cli.run("var", "set", WEB, "NAME", "--from-file", file.toString());

        assertThat(refused.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(refused.err()).contains("not UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1ST=x", "MY-KEY=x", "=x", "WITH SPACE=x", "NO_EQUALS"})
    void badKeysAndMissingValuesAreRefusedBeforeAnythingIsSet(String argument) {
        CliRunner.Result refused = cli.run("var", "set", PROD, "GOOD=1", argument);

        assertThat(refused.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(refused.err()).startsWith("homeport: ").hasLineCount(1);
        assertThat(cli.ok("var", "list", PROD)).isEmpty();
    }

    @Test
    void variablesBelongToAnEnvironmentOrAServiceOnly() {
        CliRunner.Result application = cli.run("var", "list", "acme/shop");
        CliRunner.Result missing = cli.run("var", "set", "acme/shop/staging", "A=1");

        assertThat(application.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(application.err()).contains("names an application; variables belong to an environment (ORG/APP/ENV) or a service");
        assertThat(missing.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(missing.err()).isEqualTo("homeport: No environment named 'staging' in acme/shop.\n");
    }

    @Test
    void unsettingAKeyThatIsNotThereChangesNothing() {
        cli.ok("var", "set", PROD, "A=1", "B=2");

        CliRunner.Result refused = cli.run("var", "unset", PROD, "A", "NOT_THERE");

        assertThat(refused.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(refused.err()).isEqualTo("homeport: No variable NOT_THERE on environment 'acme/shop/prod'; nothing was removed.\n");
        assertThat(cli.ok("var", "list", PROD)).isEqualTo("A  1\nB  2\n");
    }

    @Test
    void aPlainValueReplacesASecretOfTheSameKeyAndTheOtherWayRound() {
        cli.run(stdin("s3cret-value"), "var", "set", WEB, "TOKEN", "--secret");
        cli.ok("var", "set", WEB, "TOKEN=now-plain");

        assertThat(cli.ok("var", "list", WEB)).isEqualTo("TOKEN  now-plain\n");

        cli.run(stdin("s3cret-again"), "var", "set", WEB, "TOKEN", "--secret");

        assertThat(cli.ok("var", "list", WEB)).isEqualTo("TOKEN  (secret)\n");
    }

    private String revealed(VariableScope scope, String path, String key) {
        AtomicReference<String> value = new AtomicReference<>();
        cli.withHomeport(homeport -> {
            var inventory = homeport.inventory();
            long owner = inventory.resolve(InventoryPath.parse(path)).id();
            Variable variable = inventory.variables(scope, owner).stream().filter(v -> v.key().equals(key)).findFirst().orElseThrow();
            assertThat(variable.secret()).isTrue();
            value.set(inventory.reveal(variable).reveal());
        });
        return value.get();
    }

    private static String value(JsonNode variables, String key) {
        for (JsonNode variable : variables) {
            if (variable.get("key").asText().equals(key)) {
                return variable.get("value").asText();
            }
        }
        throw new AssertionError("no variable " + key + " in " + variables);
    }

    private static InputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
