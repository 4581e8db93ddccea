package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.ssh.deploy.ConfigSnapshot;
import dev.homeport.ssh.deploy.ConfigSnapshot.Var;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy, rollback, releases, logs and service start/stop/restart, where they need no server:
 * the refusals that come before any connection, and the history of releases as recorded in the
 * store. Deployments that run are tested end to end against the rig, not here.
 */
class ReleaseCommandsTest {
    private static final String WEB = "acme/shop/prod/web";
    private static final String API = "acme/shop/prod/api";
    private static final String SEALED_BEFORE = "v1.c2VhbGVkLWJlZm9yZQ";
    private static final String SEALED_AFTER = "v1.c2VhbGVkLWFmdGVy";
    private static final String DIGEST = "sha256:3f2a9c1b7e0d5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";

    @TempDir
    Path root;
    CliRunner cli;

    @BeforeEach
    void shopWithANode() {
        cli = new CliRunner(root.resolve("home")).withShop();
        cli.ok("node", "add", "edge-1", "--host", "10.0.0.5", "--user", "deploy", "--agent", "--no-test");
    }

    @Test
    void deployWithNoNodeAttachedSaysToAttachOne() {
        CliRunner.Result refused = cli.run("deploy", WEB);

        assertThat(refused.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(refused.err()).isEqualTo("homeport: The environment prod has no Worker Node."
                + " Attach one first (homeport env attach ENV NODE), or name one.\n");
        assertThat(refused.out()).isEmpty();
        assertThat(cli.json("releases", WEB, "--json")).isEmpty();
    }

    @Test
    void deployWithSeveralNodesAndNoneNamedAsksForOne() {
        cli.ok("node", "add", "edge-2", "--host", "10.0.0.6", "--user", "deploy", "--agent", "--no-test");
        cli.ok("env", "attach", "acme/shop/prod", "edge-1");
        cli.ok("env", "attach", "acme/shop/prod", "edge-2", "--no-cluster");

        CliRunner.Result refused = cli.run("deploy", WEB, "--json");

        assertThat(refused.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(refused.err()).isEqualTo("homeport: The environment prod has 2 nodes (edge-1, edge-2); name the one to deploy to.\n");
        assertThat(refused.out()).isEmpty();
    }

    @Test
    void deployToAnUnknownNodeOrAPathThatIsNotAServiceIsRefused() {
        CliRunner.Result node = cli.run("deploy", WEB, "--node", "edge-9");
        CliRunner.Result environment = cli.run("deploy", "acme/shop/prod");
        CliRunner.Result service = cli.run("deploy", "acme/shop/prod/nope");

        assertThat(node.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(node.err()).isEqualTo("homeport: No worker node named 'edge-9'.\n");
        assertThat(environment.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(service.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(service.err()).isEqualTo("homeport: No service named 'nope' in acme/shop/prod.\n");
    }

    @Test
    void rollbackWithNoEarlierReleaseIsRefused() {
        CliRunner.Result none = cli.run("rollback", WEB);
        long failed = record(WEB, DeploymentState.FAILED, snapshot("nginx:1.27", "info", SEALED_BEFORE, "shop.example.com"),
                null, "Cannot pull nginx:1.27");
        CliRunner.Result onlyAFailure = cli.run("rollback", WEB);
        CliRunner.Result toTheFailure = cli.run("rollback", WEB, "--to", Long.toString(failed));

        assertThat(none.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(none.err()).isEqualTo("homeport: There is no earlier release to roll back to.\n");
        assertThat(onlyAFailure.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(onlyAFailure.err()).isEqualTo("homeport: There is no earlier release to roll back to.\n");
        assertThat(toTheFailure.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(toTheFailure.err()).isEqualTo("homeport: Deployment #" + failed + " never got as far as an image (it is FAILED),"
                + " so there is nothing to roll back to.\n");
    }

    @Test
    void rollbackToTheLiveReleaseOrAnotherServicesIsRefused() {
        long live = record(WEB, DeploymentState.LIVE, snapshot("nginx:1.27", "info", SEALED_BEFORE, "shop.example.com"), DIGEST, null);

        CliRunner.Result itself = cli.run("rollback", WEB, "--to", Long.toString(live));
        CliRunner.Result other = cli.run("rollback", API, "--to", Long.toString(live));
        CliRunner.Result unknown = cli.run("rollback", WEB, "--to", "99");

        assertThat(itself.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(itself.err()).isEqualTo("homeport: Deployment #" + live + " is the live release already.\n");
        assertThat(other.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(other.err()).isEqualTo("homeport: Deployment #" + live + " is not a release of acme/shop/prod/api.\n");
        assertThat(unknown.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(unknown.err()).isEqualTo("homeport: No deployment with id 99.\n");
    }

    @Test
    void aServiceWithNoDeploymentsHasNoReleasesNoLogsAndNothingToStop() {
        CliRunner.Result releases = cli.run("releases", WEB);
        CliRunner.Result logs = cli.run("logs", WEB);
        CliRunner.Result stop = cli.run("service", "stop", WEB);
        CliRunner.Result start = cli.run("service", "start", WEB);
        CliRunner.Result restart = cli.run("service", "restart", WEB);

        assertThat(releases.exitCode()).isZero();
        assertThat(releases.out()).isEqualTo("No releases of 'acme/shop/prod/web' yet; 'homeport deploy acme/shop/prod/web' makes the first.\n");
        assertThat(cli.ok("releases", WEB, "--json")).isEqualTo("[ ]\n");
        assertThat(logs.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(logs.err()).isEqualTo("homeport: acme/shop/prod/web has no container on any node yet; deploy it first.\n");
        for (CliRunner.Result result : List.of(stop, start, restart)) {
            assertThat(result.exitCode()).isEqualTo(Cli.FAILED);
            assertThat(result.err()).isEqualTo("homeport: acme/shop/prod/web has no live release.\n");
        }
    }

    @Test
    void logsRefusesANegativeTail() {
        CliRunner.Result refused = cli.run("logs", WEB, "--tail", "-5");

        assertThat(refused.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(refused.err()).isEqualTo("homeport: --tail: must be 0 or more, got -5\n");
    }

    @Test
    void logsRefusesABadFilterBeforeReadingAnything() {
        List<List<String>> asked = List.of(
                List.of("--grep", "order (\\d+", "--regex"),
                List.of("--level", "warn,loud"),
                List.of("--level", ","),
                List.of("--since", "10x"),
                List.of("--since", "1h", "--until", "2h"),
                List.of("--until", "1h", "-f"),
                List.of("--regex"));
        List<String> said = List.of(
                "--grep: 'order (\\d+' is not a regular expression: Unclosed group at its end",
                "--level: 'loud' is not a level; give one or more of trace, debug, info, warn, error, fatal, unknown, separated by commas",
                "--level: give at least one level, for example warn,error",
                "--since: '10x' is not a time: give a moment such as 2026-12-06T07:00:00Z (or 2026-12-06 07:00 in your time zone),"
                        + " or how long ago, such as 30s, 10m, 2h or 1d",
                "--until: the range ends (",
                "--until and --follow do not go together: following prints new lines, after any end",
                "--regex goes with --grep");
        for (int i = 0; i < asked.size(); i++) {
            List<String> args = new java.util.ArrayList<>(List.of("logs", WEB));
            args.addAll(asked.get(i));
            CliRunner.Result refused = cli.run(args.toArray(String[]::new));
            assertThat(refused.exitCode()).as(args.toString()).isEqualTo(Cli.BAD_INPUT);
            assertThat(refused.err()).as(args.toString()).startsWith("homeport: " + said.get(i));
        }
        // A good filter gets as far as the service, which has nothing to read.
        CliRunner.Result good = cli.run("logs", WEB, "--grep", "x", "--level", "error", "--since", "10m");
        assertThat(good.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(good.err()).isEqualTo("homeport: acme/shop/prod/web has no container on any node yet; deploy it first.\n");
    }

    @Test
    void releasesListsNewestFirstWithTheReasonAndWhatChanged() {
        long first = record(WEB, DeploymentState.LIVE, snapshot("nginx:1.27", "info", SEALED_BEFORE, "shop.example.com"), DIGEST, null);
        long failed = record(WEB, DeploymentState.FAILED, snapshot("nginx:1.28", "debug", SEALED_BEFORE, "shop.example.com"), null,
                "The health check failed: GET / answered 502.\nThe previous release keeps serving.");
        long live = record(WEB, DeploymentState.LIVE, snapshot("nginx:1.28", "debug", SEALED_AFTER, "shop.example.com"), DIGEST, null);

        List<String> lines = cli.ok("releases", WEB).lines().toList();

        assertThat(lines).hasSize(9);
        assertThat(lines.get(0)).matches("ID\\s+STATE\\s+STARTED\\s+DURATION\\s+IMAGE\\s+NODE");
        assertThat(lines.get(1)).matches(live + "\\s+LIVE\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+\\d+ s\\s+3f2a9c1b7e0d\\s+edge-1");
        assertThat(lines.get(2)).isEqualTo("    changes since #" + failed + ": variable DB_PASSWORD changed");
        assertThat(lines.get(3)).matches(failed + "\\s+FAILED\\s+.*\\s+nginx:1.28\\s+edge-1");
        assertThat(lines.get(4)).isEqualTo("    reason: The health check failed: GET / answered 502. The previous release keeps serving.");
        assertThat(lines.get(5)).isEqualTo("    changes since #" + first + ": source image nginx:1.27 → image nginx:1.28; variable LOG_LEVEL changed");
        assertThat(lines.get(6)).matches(first + "\\s+SUPERSEDED\\s+.*\\s+3f2a9c1b7e0d\\s+edge-1");
        assertThat(lines.get(7)).isEqualTo("    reason: replaced by deployment #" + live);
        assertThat(lines.get(8)).isEqualTo("    first release");
        assertThat(String.join("\n", lines)).doesNotContain(SEALED_BEFORE, SEALED_AFTER);
    }

    @Test
    void releasesAsJson() {
        long first = record(WEB, DeploymentState.LIVE, snapshot("nginx:1.27", "info", SEALED_BEFORE, "shop.example.com"), DIGEST, null);
        long second = record(WEB, DeploymentState.FAILED, snapshot("nginx:1.27", "info", SEALED_BEFORE, "shop.example.com", "www.example.com"),
                null, "Cancelled by the operator; the previous release keeps serving.");

        String text = cli.ok("releases", WEB, "--json");
        JsonNode releases = CliRunner.parse(text);

        assertThat(releases).hasSize(2);
        JsonNode failed = releases.get(0);
        assertThat(failed.get("id").asLong()).isEqualTo(second);
        assertThat(failed.get("service").asText()).isEqualTo(WEB);
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("node").asText()).isEqualTo("edge-1");
        assertThat(failed.get("image").asText()).isEqualTo("nginx:1.27");
        assertThat(failed.get("digest").isNull()).isTrue();
        assertThat(Instant.parse(failed.get("startedAt").asText())).isBeforeOrEqualTo(Instant.parse(failed.get("finishedAt").asText()));
        assertThat(failed.get("durationSeconds").asLong()).isNotNegative();
        assertThat(failed.get("reason").asText()).isEqualTo("Cancelled by the operator; the previous release keeps serving.");
        assertThat(failed.get("changesSince").asLong()).isEqualTo(first);
        assertThat(failed.get("changes").toString()).isEqualTo("[\"domains [shop.example.com] → [shop.example.com, www.example.com]\"]");
        JsonNode live = releases.get(1);
        assertThat(live.get("state").asText()).isEqualTo("LIVE");
        assertThat(live.get("digest").asText()).isEqualTo(DIGEST);
        assertThat(live.get("reason").isNull()).isTrue();
        assertThat(live.get("changesSince").isNull()).isTrue();
        assertThat(live.get("changes").isNull()).isTrue();
        assertThat(text).doesNotContain(SEALED_BEFORE).doesNotContain("configSnapshot");
    }

    @Test
    void releasesLogPrintsTheStoredLogOfOneRelease() {
        long id = record(WEB, DeploymentState.FAILED, snapshot("nginx:1.27", "info", SEALED_BEFORE, "shop.example.com"), null,
                "Cannot pull nginx:1.27", "Deploying acme/shop/prod/web to edge-1", "Pulling nginx:1.27", "\u001b[31mError\u001b[0m: no such image");

        CliRunner.Result log = cli.run("releases", WEB, "--log", Long.toString(id));
        JsonNode json = cli.json("releases", WEB, "--log", Long.toString(id), "--json");

        assertThat(log.exitCode()).isZero();
        assertThat(log.out()).isEqualTo("""
                Deploying acme/shop/prod/web to edge-1
                Pulling nginx:1.27
                \\x1b[31mError\\x1b[0m: no such image
                """);
        assertThat(json.get("id").asLong()).isEqualTo(id);
        assertThat(json.get("state").asText()).isEqualTo("FAILED");
        assertThat(json.get("lines").get(2).asText()).isEqualTo("\u001b[31mError\u001b[0m: no such image");
    }

    @Test
    void releasesLogOfAnUnknownIdOrAnotherServicesReleaseFails() {
        long id = record(WEB, DeploymentState.FAILED, snapshot("nginx:1.27", "info", SEALED_BEFORE, "shop.example.com"), null, "failed");

        CliRunner.Result unknown = cli.run("releases", WEB, "--log", "4242");
        CliRunner.Result other = cli.run("releases", API, "--log", Long.toString(id));
        CliRunner.Result notANumber = cli.run("releases", WEB, "--log", "latest");

        assertThat(unknown.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(unknown.err()).isEqualTo("homeport: No deployment with id 4242.\n");
        assertThat(unknown.out()).isEmpty();
        assertThat(other.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(other.err()).isEqualTo("homeport: Deployment #" + id + " is a release of 'acme/shop/prod/web', not of 'acme/shop/prod/api'.\n");
        assertThat(other.out()).isEmpty();
        assertThat(notANumber.exitCode()).isEqualTo(Cli.BAD_INPUT);
    }

    @Test
    void theHelpSaysDeployAlwaysWaits() {
        String help = cli.ok("deploy", "--help");

        assertThat(help).startsWith("Usage: homeport deploy").contains("--node=NODE", "--wait", "Always on", "--quiet", "--json",
                "Ctrl-C cancels the deployment");
        assertThat(cli.ok("rollback", "--help")).contains("--to=ID", "--wait");
        assertThat(cli.ok("logs", "--help").replaceAll("\\s+", " ")).contains("-f, --follow", "-n, --tail=N", "(default: 100, or all", "-g, --grep=TEXT", "-E, --regex",
                "-l, --level=LEVELS", "--since=TIME", "--until=TIME", "--case-sensitive");
    }

    /** A deployment as the pipeline would have recorded it, ending in {@code end}, on edge-1. */
    private long record(String service, DeploymentState end, ConfigSnapshot snapshot, String digest, String reason, String... log) {
        AtomicLong id = new AtomicLong();
        cli.withHomeport(homeport -> {
            long serviceId = homeport.inventory().resolve(InventoryPath.parse(service)).id();
            long nodeId = homeport.nodes().node("edge-1").id();
            DeploymentHistory history = homeport.deployments();
            String image = snapshot.source().substring("image ".length());
            Deployment d = history.queue(serviceId, nodeId, image, snapshot.toJson());
            history.appendLog(d.id(), List.of(log));
            history.transition(d.id(), DeploymentState.QUEUED, DeploymentState.PREPARING, null);
            if (end == DeploymentState.FAILED) {
                history.transition(d.id(), DeploymentState.PREPARING, DeploymentState.FAILED, reason);
            } else {
                history.recordImage(d.id(), image, digest);
                DeploymentState[] path = {DeploymentState.PREPARING, DeploymentState.STARTING, DeploymentState.HEALTH_CHECKING,
                        DeploymentState.ROUTING};
                for (int i = 1; i < path.length; i++) {
                    history.transition(d.id(), path[i - 1], path[i], null);
                }
                history.promote(d.id(), DeploymentState.SUPERSEDED, null);
            }
            id.set(d.id());
        });
        return id.get();
    }

    private static ConfigSnapshot snapshot(String image, String logLevel, String sealedPassword, String... domains) {
        return new ConfigSnapshot("image " + image, 8080, "HTTP", "/", 60, "UNLESS_STOPPED", null, null, List.of(),
                List.of(new Var("LOG_LEVEL", logLevel, null), new Var("DB_PASSWORD", null, sealedPassword)), List.of(domains), null, null, 5, 5, 1, null);
    }
}
