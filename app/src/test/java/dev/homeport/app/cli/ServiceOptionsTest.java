package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.inventory.InventoryPath;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The deploy options of {@code service create} and {@code service set}, and how {@code service show} prints them. */
class ServiceOptionsTest {
    private static final String TOKEN = "ghp_n0t-a-real-t0ken-but-long-enough";

    @TempDir
    Path root;
    CliRunner cli;

    @BeforeEach
    void shop() {
        cli = new CliRunner(root.resolve("home")).withShop();
    }

    @Test
    void createTakesTheDeployOptionsAndShowPrintsThem() {
        CliRunner.Result created = cli.run("service", "create", "acme/shop/prod/db", "--image", "postgres:17", "--port", "5432",
                "--health", "tcp", "--health-timeout", "90", "--restart", "always", "--volume", "pgdata:/var/lib/postgresql/data",
                "--volume", "/srv/backups:/backups:ro", "--keep", "3", "--drain", "0");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(cli.ok("service", "show", "acme/shop/prod/db")).isEqualTo("""
                service       acme/shop/prod/db
                kind          image
                source        postgres:17
                port          5432
                health path   /
                health check  tcp, 90 s timeout
                cpus          unlimited
                memory        unlimited
                restart       always
                volumes       pgdata:/var/lib/postgresql/data
                              /srv/backups:/backups:ro
                keep          3 releases
                drain         0 s
                replicas      1 on a cluster
                domains       (none)
                variables     (none)
                """);
        JsonNode db = cli.json("service", "show", "acme/shop/prod/db", "--json");
        assertThat(db.get("healthGate").asText()).isEqualTo("tcp");
        assertThat(db.get("healthTimeoutSeconds").asInt()).isEqualTo(90);
        assertThat(db.get("restart").asText()).isEqualTo("always");
        assertThat(db.get("volumes").toString()).isEqualTo("[\"pgdata:/var/lib/postgresql/data\",\"/srv/backups:/backups:ro\"]");
        assertThat(db.get("keepReleases").asInt()).isEqualTo(3);
        assertThat(db.get("drainSeconds").asInt()).isZero();
    }

    @Test
    void withoutOptionsAServiceGetsTheDefaults() {
        cli.ok("service", "create", "acme/shop/prod/worker", "--image", "acme/worker:1");

        JsonNode web = cli.json("service", "show", "acme/shop/prod/web", "--json");
        JsonNode worker = cli.json("service", "show", "acme/shop/prod/worker", "--json");

        assertThat(web.get("healthGate").asText()).isEqualTo("http");
        assertThat(worker.get("healthGate").asText()).isEqualTo("running");
        assertThat(web.get("healthTimeoutSeconds").asInt()).isEqualTo(60);
        assertThat(web.get("restart").asText()).isEqualTo("unless-stopped");
        assertThat(web.get("volumes")).isEmpty();
        assertThat(web.get("keepReleases").asInt()).isEqualTo(5);
        assertThat(web.get("drainSeconds").asInt()).isEqualTo(5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--health|sometimes|homeport: --health: must be http, tcp, image, running or default, got 'sometimes'",
            "--health-timeout|0|homeport: --health-timeout: must be between 1 and 3600 seconds, got 0",
            "--health-timeout|3601|homeport: --health-timeout: must be between 1 and 3600 seconds, got 3601",
            "--health-timeout|soon|homeport: Invalid value for option '--health-timeout': 'soon' is not an int",
            "--restart|sometimes|homeport: --restart: must be no, always, unless-stopped or on-failure, got 'sometimes'",
            "--volume|data|homeport: --volume: must be SOURCE:TARGET or SOURCE:TARGET:ro, such as data:/var/lib/app, got 'data'",
            "--volume|data:relative|homeport: --volume: must be an absolute path, got 'relative'",
            "--volume|data:/x:rx|homeport: --volume: must be SOURCE:TARGET or SOURCE:TARGET:ro",
            "--volume|$(id):/x|homeport: --volume: must be a volume name (letters, digits, _ . -) or an absolute folder of the node",
            "--keep|0|homeport: --keep: must be between 1 and 100, got 0",
            "--keep|101|homeport: --keep: must be between 1 and 100, got 101",
            "--drain|-1|homeport: --drain: must be between 0 and 600 seconds, got -1",
            "--drain|601|homeport: --drain: must be between 0 and 600 seconds, got 601",
            "--deploy-key|laptop|homeport: --deploy-key: applies only with --git"})
    void badValuesAreRefusedNamingTheOption(String option, String value, String message) {
        CliRunner.Result refused = cli.run("service", "create", "acme/shop/prod/db", "--image", "postgres:17", "--port", "5432",
                option, value);

        assertThat(refused.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(refused.err()).startsWith(message).hasLineCount(1);
        assertThat(cli.ok("service", "list", "acme/shop/prod")).doesNotContain("db");
    }

    @Test
    void anHttpOrTcpHealthCheckNeedsAPort() {
        CliRunner.Result refused = cli.run("service", "create", "acme/shop/prod/worker", "--image", "acme/worker:1", "--health", "http");

        assertThat(refused.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(refused.err()).isEqualTo("homeport: --health: the http health check needs the service's port: set the port,"
                + " or choose the image or running check\n");
    }

    @Test
    void twoVolumesCannotShareATarget() {
        CliRunner.Result refused = cli.run("service", "create", "acme/shop/prod/db", "--image", "postgres:17",
                "--volume", "a:/data", "--volume", "b:/data");

        assertThat(refused.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(refused.err()).isEqualTo("homeport: --volume: two volumes are mounted at the same path\n");
    }

    @Test
    void aGitTokenIsReadFromStdinKeptSealedAndNeverShown() {
        CliRunner.Result created = cli.run(new ByteArrayInputStream((TOKEN + "\n").getBytes(StandardCharsets.UTF_8)),
                "service", "create", "acme/shop/prod/private", "--git", "https://git.example.com/acme/private.git", "--git-token-stdin");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(storedToken("acme/shop/prod/private")).isEqualTo(TOKEN);
        String text = cli.ok("service", "show", "acme/shop/prod/private");
        JsonNode json = cli.json("service", "show", "acme/shop/prod/private", "--json");
        assertThat(text).contains("git access    token (secret)\n");
        assertThat(json.get("source").get("token").asBoolean()).isTrue();
        assertThat(json.get("source").has("deployKey")).isFalse();
        for (String output : List.of(created.out(), created.err(), text, json.toString(), cli.ok("service", "list", "acme/shop/prod"),
                cli.ok("export"))) {
            assertThat(output).doesNotContain(TOKEN).doesNotContain("ghp_");
        }
    }

    @Test
    void aGitTokenCanComeFromAFileWithOneLine() throws Exception {
        Path file = root.resolve("token");
        Files.writeString(file, TOKEN + "\n");
        Path twoLines = root.resolve("two-lines");
        Files.writeString(twoLines, TOKEN + "\nsecond\n");

        cli.ok("service", "create", "acme/shop/prod/private", "--git", "https://git.example.com/acme/private.git",
                "--git-token-file", file.toString());
        CliRunner.Result refused = cli.run("service", "create", "acme/shop/prod/other", "--git", "https://git.example.com/acme/other.git",
                "--git-token-file", twoLines.toString());

        assertThat(storedToken("acme/shop/prod/private")).isEqualTo(TOKEN);
        assertThat(refused.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(refused.err()).isEqualTo("homeport: A git token must be one line; nothing was changed.\n");
    }

    @Test
    void aGitTokenNeedsAnHttpsUrlAndAValue() {
        CliRunner.Result ssh = cli.run(new ByteArrayInputStream(TOKEN.getBytes(StandardCharsets.UTF_8)),
                "service", "create", "acme/shop/prod/private", "--git", "git@git.example.com:acme/private.git", "--git-token-stdin");
        CliRunner.Result empty = cli.run("service", "create", "acme/shop/prod/private", "--git", "https://git.example.com/acme/private.git",
                "--git-token-stdin");

        assertThat(ssh.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(ssh.err()).startsWith("homeport: git.token: a token works with an https:// repository URL").doesNotContain(TOKEN);
        assertThat(empty.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(empty.err()).startsWith("homeport: Nothing came on standard input");
        assertThat(cli.ok("service", "list", "acme/shop/prod")).doesNotContain("private");
    }

    @Test
    void aDeployKeyIsNamedAndMustExist() {
        cli.ok("key", "generate", "repo-key");

        CliRunner.Result created = cli.run("service", "create", "acme/shop/prod/private", "--git", "git@git.example.com:acme/private.git",
                "--deploy-key", "repo-key");
        CliRunner.Result unknown = cli.run("service", "create", "acme/shop/prod/other", "--git", "git@git.example.com:acme/other.git",
                "--deploy-key", "no-such-key");
        CliRunner.Result both = cli.run("service", "create", "acme/shop/prod/other", "--git", "git@git.example.com:acme/other.git",
                "--deploy-key", "repo-key", "--git-token-stdin");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("Add the public key of 'repo-key' to the repository as a read-only deploy key;"
                + " 'homeport key show repo-key' prints it.");
        assertThat(cli.ok("service", "show", "acme/shop/prod/private")).contains("git access    deploy key repo-key\n");
        JsonNode source = cli.json("service", "show", "acme/shop/prod/private", "--json").get("source");
        assertThat(source.get("deployKey").asText()).isEqualTo("repo-key");
        assertThat(source.get("token").asBoolean()).isFalse();
        assertThat(unknown.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(unknown.err()).isEqualTo("homeport: No SSH identity named 'no-such-key'.\n");
        assertThat(both.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(both.err()).isEqualTo("homeport: git access: give one of --deploy-key, --git-token-file or --git-token-stdin\n");
    }

    @Test
    void aPublicGitRepositoryShowsNoAccess() {
        assertThat(cli.ok("service", "show", "acme/shop/prod/api")).contains("git access    none (a public repository)\n");
        assertThat(cli.ok("service", "show", "acme/shop/prod/web")).doesNotContain("git access");
    }

    @Test
    void anEmptyRefDockerfileOrContextMeansTheDefaultAsAnEmptyFieldDoesInTheApp() {
        cli.ok("service", "create", "acme/shop/prod/site", "--git", "https://github.com/acme/site.git", "--ref", "", "--dockerfile", "",
                "--context", "");
        JsonNode created = cli.json("service", "show", "acme/shop/prod/site", "--json").get("source");
        assertThat(List.of(created.get("ref").asText(), created.get("dockerfile").asText(), created.get("context").asText()))
                .containsExactly("main", "Dockerfile", ".");

        cli.ok("service", "set", "acme/shop/prod/site", "--ref", "v3", "--context", "web");
        cli.ok("service", "set", "acme/shop/prod/site", "--ref", "");
        JsonNode changed = cli.json("service", "show", "acme/shop/prod/site", "--json").get("source");
        assertThat(List.of(changed.get("ref").asText(), changed.get("context").asText())).containsExactly("main", "web");
    }

    @Test
    void setChangesOnlyWhatIsGiven() {
        cli.ok("service", "create", "acme/shop/prod/db", "--image", "postgres:17", "--port", "5432", "--volume", "pgdata:/data",
                "--keep", "3", "--restart", "always", "--memory", "1g");

        CliRunner.Result changed = cli.run("service", "set", "acme/shop/prod/db", "--health", "tcp", "--drain", "30", "--image", "postgres:17.2");

        assertThat(changed.exitCode()).as(changed.err()).isZero();
        assertThat(changed.out()).isEqualTo("Changed service 'acme/shop/prod/db'; the changes apply from its next deploy.\n");
        JsonNode db = cli.json("service", "show", "acme/shop/prod/db", "--json");
        assertThat(db.get("source").get("image").asText()).isEqualTo("postgres:17.2");
        assertThat(db.get("healthGate").asText()).isEqualTo("tcp");
        assertThat(db.get("drainSeconds").asInt()).isEqualTo(30);
        assertThat(db.get("volumes").toString()).isEqualTo("[\"pgdata:/data\"]");
        assertThat(db.get("keepReleases").asInt()).isEqualTo(3);
        assertThat(db.get("restart").asText()).isEqualTo("always");
        assertThat(db.get("memoryMb").asInt()).isEqualTo(1024);
        assertThat(db.get("port").asInt()).isEqualTo(5432);
    }

    @Test
    void setReplacesOrClearsTheVolumesAndGoesBackToTheDefaultHealthCheck() {
        cli.ok("service", "create", "acme/shop/prod/db", "--image", "postgres:17", "--port", "5432", "--volume", "a:/a",
                "--health", "tcp");

        cli.ok("service", "set", "acme/shop/prod/db", "--volume", "b:/b", "--volume", "c:/c:ro", "--health", "default");
        JsonNode replaced = cli.json("service", "show", "acme/shop/prod/db", "--json");
        cli.ok("service", "set", "acme/shop/prod/db", "--no-volumes");
        JsonNode cleared = cli.json("service", "show", "acme/shop/prod/db", "--json");

        assertThat(replaced.get("volumes").toString()).isEqualTo("[\"b:/b\",\"c:/c:ro\"]");
        assertThat(replaced.get("healthGate").asText()).isEqualTo("http");
        assertThat(cleared.get("volumes")).isEmpty();
    }

    @Test
    void setChangesAGitSourceAndItsAccess() {
        cli.ok("key", "generate", "repo-key");

        cli.run(new ByteArrayInputStream(TOKEN.getBytes(StandardCharsets.UTF_8)), "service", "set", "acme/shop/prod/api",
                "--ref", "v3", "--git-token-stdin");
        JsonNode withToken = cli.json("service", "show", "acme/shop/prod/api", "--json").get("source");
        cli.ok("service", "set", "acme/shop/prod/api", "--git", "git@github.com:acme/api.git", "--deploy-key", "repo-key");
        JsonNode withKey = cli.json("service", "show", "acme/shop/prod/api", "--json").get("source");
        cli.ok("service", "set", "acme/shop/prod/api", "--no-git-access", "--context", "services/api");
        JsonNode none = cli.json("service", "show", "acme/shop/prod/api", "--json").get("source");

        assertThat(withToken.get("ref").asText()).isEqualTo("v3");
        assertThat(withToken.get("token").asBoolean()).isTrue();
        assertThat(withKey.get("url").asText()).isEqualTo("git@github.com:acme/api.git");
        assertThat(withKey.get("deployKey").asText()).isEqualTo("repo-key");
        assertThat(withKey.get("token").asBoolean()).isFalse();
        assertThat(withKey.get("ref").asText()).isEqualTo("v3");
        assertThat(none.has("deployKey")).isFalse();
        assertThat(none.get("token").asBoolean()).isFalse();
        assertThat(none.get("context").asText()).isEqualTo("services/api");
    }

    @Test
    void setRefusesNothingToChangeAndOptionsOfAnotherKindOfSource() {
        CliRunner.Result nothing = cli.run("service", "set", "acme/shop/prod/web");
        CliRunner.Result ref = cli.run("service", "set", "acme/shop/prod/web", "--ref", "main");
        CliRunner.Result image = cli.run("service", "set", "acme/shop/prod/api", "--image", "nginx:1.28");
        CliRunner.Result access = cli.run("service", "set", "acme/shop/prod/web", "--no-git-access");
        CliRunner.Result volumes = cli.run("service", "set", "acme/shop/prod/web", "--no-volumes", "--volume", "a:/a");
        CliRunner.Result port = cli.run("service", "set", "acme/shop/prod/web", "--port", "70000");

        assertThat(nothing.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(nothing.err()).startsWith("homeport: Nothing to change: give at least one option");
        assertThat(ref.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(ref.err()).startsWith("homeport: --ref: does not apply to an image service");
        assertThat(image.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(image.err()).startsWith("homeport: --image: does not apply to a git service");
        assertThat(access.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(access.err()).isEqualTo("homeport: --no-git-access: applies only to git services\n");
        assertThat(volumes.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(port.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(port.err()).isEqualTo("homeport: port: must be 1–65535, got 70000\n");
        assertThat(cli.json("service", "show", "acme/shop/prod/web", "--json").get("port").asInt()).isEqualTo(8080);
    }

    @Test
    void theHelpListsTheNewOptions() {
        String help = cli.ok("service", "create", "--help");

        List<String> options = new ArrayList<>(List.of("--health=GATE", "--health-timeout=SECONDS", "--restart=POLICY",
                "--volume=SOURCE:TARGET[:ro]", "--keep=N", "--drain=SECONDS", "--deploy-key=KEY", "--git-token-file=FILE",
                "--git-token-stdin"));
        assertThat(help).contains(options);
        assertThat(cli.ok("service", "set", "--help")).contains(options).contains("--no-volumes", "--no-git-access");
    }

    private String storedToken(String path) {
        AtomicReference<String> token = new AtomicReference<>();
        cli.withHomeport(homeport -> {
            var inventory = homeport.inventory();
            var service = inventory.service(inventory.resolve(InventoryPath.parse(path)).id());
            ServiceSource.Git git = (ServiceSource.Git) service.source();
            token.set(inventory.gitToken(git.token()).reveal());
        });
        return token.get();
    }
}
