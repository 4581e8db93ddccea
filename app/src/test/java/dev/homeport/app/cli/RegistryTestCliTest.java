package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code homeport registry test} against a private registry on the rig, checked by the rig node's Docker: the good
 * login works (exit 0), a wrong password is refused by name (exit 1), and neither password is on any command line of
 * this machine (which is the node) while the check runs, nor in the output or any file of the store.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RegistryTestCliTest {
    @TempDir
    Path root;

    @Test
    void aGoodLoginWorksAndAWrongPasswordIsRefusedAsSuch(Rig rig) throws Exception {
        CliRunner cli = CliRunner.withRigEnvironment(root.resolve("home"), rig);
        String wrong = "wrong-" + UUID.randomUUID();
        try (RigRegistry registry = new RigRegistry()) {
            add(cli, registry, registry.password);
            Map<String, Boolean> seen = new ConcurrentHashMap<>();
            CliRunner.Result works = sampling(seen, java.util.List.of(registry.password, wrong), () -> cli.run("registry", "test", "acme", registry.address()));
            assertThat(works.exitCode()).as(works.err()).isZero();
            assertThat(works.out()).isEqualTo("Login to " + registry.address() + " works as tester (checked from node rig).\n");

            add(cli, registry, wrong);
            CliRunner.Result refused = sampling(seen, java.util.List.of(registry.password, wrong),
                    () -> cli.run("registry", "test", "acme", registry.address(), "--node", "rig"));
            assertThat(refused.exitCode()).isEqualTo(Cli.FAILED);
            assertThat(refused.err()).startsWith("homeport: The registry " + registry.address()
                    + " refused the login of tester: wrong user name or password (Docker on node rig said: ");
            assertThat(refused.out() + refused.err() + works.err()).doesNotContain(registry.password, wrong);
            assertThat(seen).as("command lines seen during the checks").hasSizeGreaterThan(10).doesNotContainValue(true);

            // set-user keeps the sealed password: a wrong user is refused, the right one works again with the same password
            add(cli, registry, registry.password);
            assertThat(cli.ok("registry", "set-user", "acme", registry.address(), "--user", "nobody")).contains("is now nobody");
            CliRunner.Result nobody = cli.run("registry", "test", "acme", registry.address());
            assertThat(nobody.exitCode()).isEqualTo(Cli.FAILED);
            assertThat(nobody.err()).contains("refused the login of nobody");
            cli.ok("registry", "set-user", "acme", registry.address(), "--user", registry.user);
            CliRunner.Result back = cli.run("registry", "test", "acme", registry.address());
            assertThat(back.exitCode()).as(back.err()).isZero();

            CliRunner.Result none = cli.run("registry", "test", "acme", "ghcr.io");
            assertThat(none.exitCode()).isEqualTo(Cli.FAILED);
            assertThat(none.err()).isEqualTo("homeport: Organisation 'acme' has no login for ghcr.io.\n");
        }
        try (var files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(wrong);
            }
        }
    }

    private static void add(CliRunner cli, RigRegistry registry, String password) {
        CliRunner.Result added = cli.run(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)),
                "registry", "add", "acme", registry.address(), "--user", registry.user);
        assertThat(added.exitCode()).as(added.err()).isZero();
    }

    /** Runs {@code call} while every command line on this machine is read over and over; each is marked when it holds a secret. */
    private static CliRunner.Result sampling(Map<String, Boolean> seen, java.util.List<String> secrets, Supplier<CliRunner.Result> call)
            throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                    processes.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                        try {
                            String args = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                            seen.put(args, secrets.stream().anyMatch(args::contains));
                        } catch (java.io.IOException gone) {
                            // the process ended
                        }
                    });
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        try {
            return call.get();
        } finally {
            running.set(false);
            sampler.join();
        }
    }
}
