package dev.homeport.app.desktop.services;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.cli.Cli;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputControl;
import javafx.scene.text.Text;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A release that fails after dumping its environment must not carry its secrets anywhere Homeport
 * writes or shows. A folder service, built on the rig's Docker, gets two secrets through
 * {@code homeport var set --secret --from-file}: a one-line token and a multi-line PEM-style key.
 * Its container prints its whole environment to stderr (as is, and the key once more with its
 * newlines escaped, as a JSON dump would) and exits 4. Neither value, nor any line of the key, may
 * then be in the output of {@code deploy} (text and JSON), in any form of {@code releases}, in
 * {@code logs}, on the service page's Deployments and Logs tabs, or in any file of the data folder
 * once the store is closed.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class FailingReleaseSecretsTest {
    private static final String MASK = "••••••";
    private static final String LEAKER = """
            #!/bin/sh
            # Dumps the whole environment to stderr, then fails, as a crashing app's debug output might.
            env >&2
            printf '{"SIGNING_KEY":"%s"}\\n' "$(printf '%s' "$SIGNING_KEY" | sed ':a;N;$!ba;s/\\n/\\\\n/g')" >&2
            echo "token: $API_TOKEN" >&2
            exit 4
            """;

    @TempDir
    Path folder;
    private final String environment = "s" + UUID.randomUUID().toString().substring(0, 6);
    private String web;
    private HomeportHome home;
    private AppDriver app;

    @AfterEach
    void removeWhatTheDeploysLeft() throws Exception {
        if (app != null) {
            app.close();
        }
        if (home == null) {
            return;
        }
        try (Homeport homeport = Homeport.open(home, null)) {
            var service = homeport.inventory().tree().services().getFirst();
            var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
            var docker = homeport.nodeClients().docker(connection).client();
            DeployedServices.remove(connection, docker, homeport.inventory().serviceNodeKey(service.id()));
            for (Deployment deployment : homeport.deployments().ofService(service.id())) {
                if (deployment.imageDigest() != null) {
                    try {
                        docker.removeImageCmd(deployment.imageDigest()).withForce(true).exec();
                    } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
                        // removed with an earlier release's
                    }
                }
            }
        }
    }

    @Test
    void noSecretOfAFailedReleaseReachesTheOutputTheReleaseRecordTheViewOrTheStore(Rig rig) throws Exception {
        new TestApps(rig).base();
        String token = "tok-" + UUID.randomUUID();
        String key = pemKey();
        List<String> forbidden = new ArrayList<>(List.of(token, key));
        key.lines().filter(line -> !line.isBlank()).forEach(forbidden::add);

        home = new HomeportHome(folder.resolve("home"));
        web = "acme/shop/" + environment + "/web";
        Files.createDirectories(home.knownHosts().getParent());
        Files.copy(rig.knownHosts(), home.knownHosts());
        Path app = folder.resolve("leaker");
        Files.createDirectories(app);
        // The label makes the image this run's own, so removing it afterwards touches nothing else.
        Files.writeString(app.resolve("Dockerfile"), "FROM " + TestApps.BASE + "\nLABEL testapp.run=" + environment
                + "\nCOPY leak /usr/local/bin/leak\nCMD [\"/bin/sh\", \"/usr/local/bin/leak\"]\n");
        Files.writeString(app.resolve("leak"), LEAKER);
        Path tokenFile = Files.writeString(folder.resolve("token.txt"), token + "\n");
        Path keyFile = Files.writeString(folder.resolve("key.pem"), key + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

        ok("org", "create", "acme");
        ok("app", "create", "acme/shop");
        ok("environment", "create", "acme/shop/" + environment);
        ok("node", "add", "rig", "--host", rig.sshHost(), "--port", Integer.toString(rig.sshPort()), "--user", rig.sshUser(),
                "--key", rig.sshKey().toString());
        ok("env", "attach", "acme/shop/" + environment, "rig");
        ok("service", "create", web, "--folder", app.toString(), "--health", "running", "--restart", "no");
        ok("var", "set", web, "API_TOKEN", "--secret", "--from-file", tokenFile.toString());
        ok("var", "set", web, "SIGNING_KEY", "--secret", "--from-file", keyFile.toString());

        SoftAssertions leaks = new SoftAssertions();
        Run deploy = run("deploy", web);
        assertThat(deploy.exitCode()).as(deploy.out() + deploy.err()).isEqualTo(1);
        assertThat(deploy.err()).as("the reason of the failure").contains("the container stopped (exit code 4)");
        assertThat(deploy.out()).as("the log shows the masked dump").contains("API_TOKEN=" + MASK);
        noneOf(leaks, forbidden, "deploy: its output", deploy.out() + deploy.err());
        Run json = run("deploy", web, "--json");
        assertThat(json.exitCode()).isEqualTo(1);
        noneOf(leaks, forbidden, "deploy --json: its output", json.out() + json.err());

        noneOf(leaks, forbidden, "releases", ok("releases", web));
        noneOf(leaks, forbidden, "releases --json", ok("releases", web, "--json"));
        for (String id : List.of("1", "2")) {
            String log = ok("releases", web, "--log", id);
            assertThat(log).contains("API_TOKEN=" + MASK);
            noneOf(leaks, forbidden, "releases --log " + id, log);
        }

        // The failed container is kept for its logs: they are shown with the same mask.
        String logs = ok("logs", web, "--tail", "200");
        assertThat(logs).contains("API_TOKEN=" + MASK);
        noneOf(leaks, forbidden, "logs", logs);

        noneOf(leaks, forbidden, "the service page's Deployments and Logs tabs", serviceTabs());

        // The store is closed now (by the app): every file it wrote, read as bytes.
        try (Stream<Path> files = Files.walk(home.root())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                noneOf(leaks, forbidden, "the file " + home.root().relativize(file), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        leaks.assertAll();
    }

    /** What the Deployments tab shows (every text in the window, with each release's log selected in turn), then the Logs tab. */
    private String serviceTabs() throws Exception {
        Files.writeString(home.root().resolve("ui.properties"), "place=" + web + "\n");
        app = new AppDriver(folder.resolve("user"));
        app.launch(home.root());
        waitFor(() -> "web".equals(app.inWindow("#page-title").tryQuery().map(n -> ((javafx.scene.control.Label) n).getText()).orElse("")));
        app.click("#tab-deployments");
        TableView<ServiceModel.Release> releases = app.anywhere("#releases");
        waitFor(() -> releases.getItems().size() == 2);
        assertThat(releases.getItems()).allMatch(r -> r.deployment().state() == DeploymentState.FAILED);
        StringBuilder shown = new StringBuilder();
        for (int row = 0; row < 2; row++) {
            int index = row;
            String id = "#" + releases.getItems().get(row).deployment().id();
            app.robot.interact(() -> releases.getSelectionModel().clearAndSelect(index));
            TextArea log = app.anywhere("#release-log");
            waitFor(() -> log.getText().contains("as deployment " + id) && log.getText().contains("API_TOKEN=" + MASK));
            shown.append(texts()).append('\n');
        }
        assertThat(shown.toString()).as("the view shows the reason").contains("the container stopped (exit code 4)");
        app.click("#tab-logs");
        javafx.scene.Node containerLog = app.anywhere("#service-log");
        waitFor(60, () -> String.join("\n", LogsPane.shownLines(containerLog)).contains("token: " + MASK));
        shown.append(texts()).append('\n').append(String.join("\n", LogsPane.shownLines(containerLog)));
        app.close();
        app = null;
        return shown.toString();
    }

    /** Every text of the main window: labels and table cells, fields and text areas, tooltips. */
    private String texts() {
        WaitForAsyncUtils.waitForFxEvents();
        StringBuilder all = new StringBuilder();
        app.robot.interact(() -> collect(app.stage().getScene().getRoot(), all));
        return all.toString();
    }

    private static void collect(Node node, StringBuilder all) {
        switch (node) {
            case Labeled labeled -> all.append(labeled.getText()).append('\n');
            case TextInputControl field -> all.append(field.getText()).append('\n');
            case Text text -> all.append(text.getText()).append('\n');
            default -> {
            }
        }
        if (node instanceof Control control && control.getTooltip() != null) {
            all.append(control.getTooltip().getText()).append('\n');
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collect(child, all));
        }
    }

    private static void noneOf(SoftAssertions leaks, List<String> forbidden, String where, String text) {
        for (String secret : forbidden) {
            leaks.assertThat(text.contains(secret)).as("%s holds %s", where, secret.length() > 24 ? secret.substring(0, 24) + "…" : secret).isFalse();
        }
    }

    /** A PEM-style key: a header, random base64 in lines of 64, a footer. */
    private static String pemKey() {
        byte[] bytes = new byte[600];
        new SecureRandom().nextBytes(bytes);
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes)
                + "\n-----END PRIVATE KEY-----";
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, home, new PrintWriter(out), new PrintWriter(err), InputStream.nullInputStream());
        return new Run(code, out.toString(), err.toString());
    }

    private String ok(String... args) {
        Run result = run(args);
        assertThat(result.exitCode()).as("exit code of %s, stderr: %s", String.join(" ", args), result.err()).isZero();
        return result.out();
    }
}
