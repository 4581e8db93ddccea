package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExitCodesTest {
    @TempDir
    Path root;

    @Test
    void helpOnASubcommandDoesNotOpenTheStore() {
        CliRunner cli = new CliRunner(root.resolve("home"));

        CliRunner.Result help = cli.run("service", "create", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: homeport service create").contains("--image=REF", "--memory=SIZE");
        assertThat(cli.home.storeFile()).doesNotExist();
        assertThat(cli.home.lockFile()).doesNotExist();
    }

    @Test
    void versionNamesTheCommandAndDoesNotOpenTheStore() {
        CliRunner cli = new CliRunner(root);

        CliRunner.Result version = cli.run("--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).matches("homeport \\S+\n");
        assertThat(cli.home.storeFile()).doesNotExist();
    }

    @Test
    void notFoundIsAFailedOperation() {
        CliRunner cli = new CliRunner(root).withShop();

        CliRunner.Result missing = cli.run("app", "show", "acme/blog");

        assertThat(missing.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(missing.err()).isEqualTo("homeport: No application named 'blog' in organisation 'acme'.\n");
        assertThat(missing.out()).isEmpty();
    }

    @Test
    void aStoreOpenElsewhereIsAFailedOperation() {
        CliRunner cli = new CliRunner(root);

        CliRunner.Result locked;
        try (Homeport other = Homeport.open(cli.home, null)) {
            locked = cli.run("org", "create", "acme");
        }

        assertThat(locked.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(locked.err()).startsWith("homeport: Another Homeport").contains(root.toString()).doesNotContain("\tat ");
        assertThat(cli.ok("org", "list")).isEmpty();
    }

    @Test
    void anInvalidOrganisationNameIsBadInputAndWritesNothing() {
        CliRunner cli = new CliRunner(root);

        CliRunner.Result invalid = cli.run("org", "create", "Shop");

        assertThat(invalid.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(invalid.err()).isEqualTo("homeport: name: must be lower-case, got 'Shop'\n");
        assertThat(cli.ok("org", "list")).isEmpty();
    }

    @Test
    void anInvalidApplicationNameIsBadInputAndWritesNothing() {
        CliRunner cli = new CliRunner(root).withShop();

        CliRunner.Result invalid = cli.run("app", "create", "acme/Blog");

        assertThat(invalid.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(invalid.err()).contains("name: must be lower-case");
        assertThat(cli.ok("app", "list", "acme")).isEqualTo("shop\n");
    }

    @Test
    void aPortOutOfRangeIsBadInputAndWritesNothing() {
        CliRunner cli = new CliRunner(root).withShop();

        CliRunner.Result invalid = cli.run("service", "create", "acme/shop/prod/db", "--image", "postgres:17", "--port", "70000");

        assertThat(invalid.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(invalid.err()).isEqualTo("homeport: port: must be 1–65535, got 70000\n");
        assertThat(cli.ok("service", "list", "acme/shop/prod")).doesNotContain("db");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "service create acme/shop/prod/db --image postgres:17 --memory 12x",
            "service create acme/shop/prod/db --image postgres:17 --cpus lots",
            "service create acme/shop/prod/db",
            "service create acme/shop/prod/db --image postgres:17 --git https://github.com/acme/db.git",
            "service create acme/shop/prod/db --image postgres:17 --ref main",
            "service create acme/shop/prod/db --folder db --context sub",
            "service create acme/shop/prod --image postgres:17",
            "app create acme",
            "org create acme/shop",
            "org list --colour",
            "org",
            "rename acme shop"})
    void badInputExitsWithTwoAndOneLineOnStderr(String args) {
        CliRunner cli = new CliRunner(root).withShop();

        CliRunner.Result bad = cli.run(args.split(" "));

        assertThat(bad.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(bad.err()).startsWith("homeport: ").hasLineCount(1);
        assertThat(cli.ok("service", "list", "acme/shop/prod")).doesNotContain("db");
    }

    @Test
    void aWrongMemorySizeSaysWhatIsExpected() {
        CliRunner cli = new CliRunner(root).withShop();

        CliRunner.Result bad = cli.run("service", "create", "acme/shop/prod/db", "--image", "postgres:17", "--memory", "2 TB");

        assertThat(bad.err()).isEqualTo("homeport: --memory: must be a size such as 256m, 1g or 512 (megabytes), got '2 TB'\n");
        CliRunner.Result tooSmall = cli.run("service", "create", "acme/shop/prod/db", "--image", "postgres:17", "--memory", "4m");
        assertThat(tooSmall.err()).isEqualTo("homeport: --memory: must be at least 6 MB (Docker's minimum), got 4\n");
    }

    @Test
    void verbosePrintsTheStackTrace() {
        CliRunner cli = new CliRunner(root);

        CliRunner.Result plain = cli.run("org", "show", "nowhere");
        CliRunner.Result verbose = cli.run("org", "show", "nowhere", "--verbose");

        assertThat(plain.err()).hasLineCount(1);
        assertThat(verbose.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(verbose.err()).startsWith("homeport: No organisation named 'nowhere'.\n")
                .contains("NotFoundException", "\tat ");
    }

    @Test
    void aLockedVaultNeedsATerminal() {
        CliRunner cli = new CliRunner(root);
        cli.withHomeport(homeport -> homeport.vault().setPassphrase("master-key-1".toCharArray()));

        CliRunner.Result piped = cli.run("org", "list");
        CliRunner.Result typed = cli.answering("wrong-key-1\nmaster-key-1\n", "org", "create", "acme");

        assertThat(piped.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(piped.err()).contains("master passphrase", "terminal").hasLineCount(1);
        assertThat(typed.exitCode()).isZero();
        assertThat(typed.out()).contains("Master passphrase: ", "Wrong passphrase, try again: ", "Created organisation 'acme'.");
        assertThat(Files.exists(cli.home.storeFile())).isTrue();
    }

    @Test
    void theNodeHelpListsTheCommandsThatLookAtANodeAndTheirExitCodes() {
        CliRunner cli = new CliRunner(root);

        CliRunner.Result node = cli.run("node", "--help");
        CliRunner.Result probe = cli.run("node", "probe", "--help");
        CliRunner.Result unknown = cli.run("node", "probe", "nowhere");

        assertThat(node.exitCode()).isZero();
        assertThat(node.out()).contains("Probe and provision a node", "  probe ", "  provision ", "  status ", "  metrics ", "  containers ");
        assertThat(probe.out()).contains("Exit codes:", "3   at least one check FAILED");
        assertThat(unknown.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(unknown.err()).startsWith("homeport: ").contains("nowhere").hasLineCount(1);
    }
}
