package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.Database;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.transport.PtySession;
import dev.homeport.ssh.transport.TerminalOutput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A database's console on the rig's node: its own client in its container, with a terminal, signed in with the
 * password from the container's environment (Redis refuses every command without it), and ending with the client's
 * status. PostgreSQL's console is tested through the command line ({@code DbCliTest}) and the app ({@code
 * TerminalWindowTest}).
 */
class DatabaseConsoleTest extends RigDeployTest {
    private final List<Database> databases = new ArrayList<>();

    @AfterEach
    void removeTheDataVolumes() {
        fixture.close();
        databases.forEach(database -> dev.homeport.ssh.rig.Processes.run("docker", "volume", "rm", "-f", database.dataVolume()));
    }

    @Test
    void redisCliOpensWithThePassword() throws Exception {
        Database database = deployed("cache", DatabaseEngine.REDIS, fixture.rig.redisImage());
        try (PtySession console = console(database); TerminalOutput screen = new TerminalOutput(console.output())) {
            // Typed once it prompts: redis-cli reads keys in raw mode, and a line typed before would be lost. Started before
            // docker exec passed the terminal's size on, it measures the line by asking the terminal where its cursor is
            // (ESC [6n), before and after moving it right as far as it goes, and waits for the answers a terminal gives:
            // given here.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int answered = 0;
            while (!screen.text().contains("127.0.0.1:6379> ") && System.nanoTime() < deadline) {
                for (int asked = screen.text().split("\u001b\\[6n", -1).length - 1; answered < asked; answered++) {
                    type(console, answered == 0 ? "\u001b[1;1R" : "\u001b[1;100R");
                }
                Thread.sleep(20);
            }
            screen.waitFor("127.0.0.1:6379> ");
            type(console, "SET answer 42\r");
            screen.waitFor("OK");
            type(console, "INCR answer\r");
            screen.waitFor("(integer) 43");
            type(console, "quit\r");
            assertThat(console.waitFor(Duration.ofSeconds(20))).isZero();
        }
    }

    private Database deployed(String name, DatabaseEngine engine, String image) throws Exception {
        Database database = fixture.database(name, engine, image);
        databases.add(database);
        fixture.deployLive(database.serviceId());
        return database;
    }

    private PtySession console(Database database) {
        ContainerShell target = fixture.deploys.shellTargets(database.serviceId(), Prompts.NONE).getFirst();
        return target.open(fixture.connection(), DatabaseRuntime.console(database.engine()), 100, 30);
    }

    private static void type(PtySession session, String keys) throws java.io.IOException {
        session.input().write(keys.getBytes(StandardCharsets.UTF_8));
        session.input().flush();
    }
}
