package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCommandsTest {
    private static final String PASSWORD = "ghp_registry-" + java.util.UUID.randomUUID();

    @TempDir
    Path root;
    CliRunner cli;

    @BeforeEach
    void shop() {
        cli = new CliRunner(root.resolve("home")).withShop();
    }

    private CliRunner.Result add(String registry, String user, String password) {
        return cli.run(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)), "registry", "add", "acme", registry, "--user", user);
    }

    @Test
    void aLoginIsKeptSealedListedWithoutItsPasswordUsedByAnImageServiceAndRemoved() throws Exception {
        CliRunner.Result added = add("ghcr.io", "ci", PASSWORD);
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).isEqualTo("Kept the login ci for ghcr.io in organisation 'acme'.\n");
        assertThat(add("GHCR.io", "deploy", PASSWORD).exitCode()).isZero();

        assertThat(cli.ok("registry", "list", "acme")).contains("ghcr.io", "deploy").doesNotContain(PASSWORD, "ci ");
        assertThat(cli.ok("registry", "list", "acme", "--json")).doesNotContain(PASSWORD);

        cli.ok("service", "create", "acme/shop/prod/private", "--image", "ghcr.io/acme/private:1", "--port", "8080", "--registry", "ghcr.io");
        assertThat(cli.ok("service", "show", "acme/shop/prod/private")).contains("registry login  deploy on ghcr.io");
        CliRunner.Result unknown = cli.run("service", "set", "acme/shop/prod/web", "--registry", "quay.io");
        assertThat(unknown.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(unknown.err()).contains("has no login for quay.io", "homeport registry add acme quay.io");
        assertThat(cli.run("service", "set", "acme/shop/prod/api", "--registry", "ghcr.io").err()).contains("applies only to image services");

        try (var files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(PASSWORD);
            }
        }

        assertThat(cli.ok("registry", "remove", "acme", "ghcr.io")).isEqualTo("Removed the login for ghcr.io from organisation 'acme'.\n");
        assertThat(cli.ok("service", "show", "acme/shop/prod/private")).doesNotContain("registry login");
        assertThat(cli.run("registry", "remove", "acme", "ghcr.io").exitCode()).isEqualTo(Cli.FAILED);
    }

    @Test
    void setUserChangesTheUserOnlyAndNeedsAStoredLogin() {
        CliRunner.Result none = cli.run("registry", "set-user", "acme", "ghcr.io", "--user", "deploy");
        assertThat(none.exitCode()).isNotZero();
        assertThat(none.err()).contains("There is no login for ghcr.io to change; add one with its password.");
        assertThat(add("ghcr.io", "ci", PASSWORD).exitCode()).isZero();

        assertThat(cli.ok("registry", "set-user", "acme", "GHCR.io", "--user", "deploy"))
                .isEqualTo("The login for ghcr.io in organisation 'acme' is now deploy, with the same password.\n");
        assertThat(cli.ok("registry", "list", "acme")).contains("deploy").doesNotContain("ci ", PASSWORD);
        assertThat(cli.run("registry", "set-user", "acme", "ghcr.io", "--user", " ").exitCode()).isEqualTo(Cli.BAD_INPUT);
    }

    @Test
    void aPasswordMustBeGivenAndBeOneLine() {
        assertThat(cli.run(new ByteArrayInputStream(new byte[0]), "registry", "add", "acme", "ghcr.io", "--user", "ci").exitCode())
                .isEqualTo(Cli.BAD_INPUT);
        assertThat(cli.run(new ByteArrayInputStream("two\nlines\n".getBytes(StandardCharsets.UTF_8)), "registry", "add", "acme", "ghcr.io",
                "--user", "ci").exitCode()).isEqualTo(Cli.BAD_INPUT);
        CliRunner.Result badHost = add("bad host", "ci", PASSWORD);
        assertThat(badHost.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(badHost.err()).contains("registry").doesNotContain(PASSWORD);
        assertThat(cli.ok("registry", "list", "acme")).isEmpty();
    }
}
