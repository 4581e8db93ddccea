package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.app.Homeport;
import dev.homeport.model.HomeportHome;
import dev.homeport.ssh.rig.Rig;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Runs the {@code homeport} command in-process against one home folder and captures what it prints. */
final class CliRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    final HomeportHome home;

    CliRunner(Path root) {
        this.home = new HomeportHome(root);
    }

    record Result(int exitCode, String out, String err) {
    }

    /** A new store that trusts the rig's host keys and has the rig's sshd as the node "rig". */
    static CliRunner withRigNode(Path root, Rig rig) throws IOException {
        CliRunner cli = new CliRunner(root);
        Files.createDirectories(cli.home.knownHosts().getParent());
        Files.copy(rig.knownHosts(), cli.home.knownHosts());
        cli.ok("node", "add", "rig", "--host", rig.sshHost(), "--port", Integer.toString(rig.sshPort()), "--user", rig.sshUser(),
                "--key", rig.sshKey().toString());
        return cli;
    }

    /** {@link #withRigNode}, with the environment acme/shop/prod made and the rig attached to it. */
    static CliRunner withRigEnvironment(Path root, Rig rig) throws IOException {
        CliRunner cli = withRigNode(root, rig);
        cli.ok("org", "create", "acme");
        cli.ok("app", "create", "acme/shop");
        cli.ok("environment", "create", "acme/shop/prod");
        cli.ok("env", "attach", "acme/shop/prod", "rig");
        return cli;
    }

    /** Runs with input that is not a terminal, as in a script. */
    Result run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    /** Runs with {@code stdin} as piped input. */
    Result run(InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, home, new PrintWriter(out), new PrintWriter(err), stdin);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs at a terminal where the user types {@code answers}, one per line. */
    Result answering(String answers, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        StringWriter prompts = new StringWriter();
        Terminal terminal = Terminal.scripted(new ByteArrayInputStream(answers.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(prompts));
        int code = Cli.run(args, home, new PrintWriter(out), new PrintWriter(err), terminal);
        return new Result(code, prompts + out.toString(), err.toString());
    }

    /** Runs a command that must succeed and returns its stdout. */
    String ok(String... args) {
        Result result = run(args);
        assertThat(result.exitCode()).as("exit code of %s, stderr: %s", String.join(" ", args), result.err()).isZero();
        return result.out();
    }

    /** Runs a command with {@code --json} that must succeed and parses what it prints. */
    JsonNode json(String... args) {
        return parse(ok(args));
    }

    /** Parses what a command printed with {@code --json}. */
    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + e.getMessage(), e);
        }
    }

    /** Works on the store directly, for what the CLI does not offer (secrets, domains); closed before the next run. */
    void withHomeport(Consumer<Homeport> work) {
        try (Homeport homeport = Homeport.open(home, null)) {
            work.accept(homeport);
        }
    }

    /** Creates acme/shop/prod with an image service web and a git service api. */
    CliRunner withShop() {
        ok("org", "create", "acme");
        ok("app", "create", "acme/shop");
        ok("environment", "create", "acme/shop/prod");
        ok("service", "create", "acme/shop/prod/web", "--image", "nginx:1.27", "--port", "8080", "--memory", "512m", "--cpus", "0.5");
        ok("service", "create", "acme/shop/prod/api", "--git", "https://github.com/acme/api.git", "--ref", "v2", "--port", "3000");
        return this;
    }
}
