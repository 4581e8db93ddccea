package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.model.CrashLoopPolicy;
import dev.homeport.model.LogViewBound;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code homeport settings logs} and the crash loop of {@code homeport settings alerts}: shown, set, refused with the limits named. */
class WatchSettingsCommandsTest {
    @TempDir
    Path root;
    CliRunner cli;

    @BeforeEach
    void home() {
        cli = new CliRunner(root.resolve("home"));
    }

    @Test
    void logsShowsTheDefaultsUntilItsOptionsChangeThem() {
        assertThat(cli.ok("settings", "logs")).isEqualTo("""
                Logs tab keeps at most  1,000,000 lines
                  and at most           256 MiB of text
                """);
        assertThat(cli.ok("settings", "logs", "--max-lines", "50000"))
                .isEqualTo("Saved. Logs tabs opened from now keep the newest 50,000 lines, at most 256 MiB of text.\n");
        cli.ok("settings", "logs", "--max-mib", "64");
        JsonNode shown = cli.json("settings", "logs", "--json");
        assertThat(shown.get("maxLines").asInt()).isEqualTo(50_000);
        assertThat(shown.get("maxMib").asInt()).isEqualTo(64);
        cli.withHomeport(homeport -> assertThat(homeport.watchSettings().logView()).isEqualTo(new LogViewBound(50_000, 64)));
        cli.ok("settings", "logs", "--defaults");
        cli.withHomeport(homeport -> assertThat(homeport.watchSettings().logView()).isEqualTo(LogViewBound.defaults()));
    }

    @Test
    void aBoundOutsideTheLimitsIsRefusedByItsOptionAndChangesNothing() {
        CliRunner.Result few = cli.run("settings", "logs", "--max-lines", "500", "--max-mib", "64");
        assertThat(few.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(few.err()).isEqualTo("homeport: --max-lines: must be between 10,000 and 10,000,000, got 500\n");
        assertThat(cli.run("settings", "logs", "--max-mib", "8192").err())
                .isEqualTo("homeport: --max-mib: must be between 16 and 4096 MiB, got 8192\n");
        cli.withHomeport(homeport -> assertThat(homeport.watchSettings().logView()).isEqualTo(LogViewBound.defaults()));
    }

    @Test
    void alertsShowsAndSetsTheCrashLoopAlone() {
        assertThat(cli.ok("settings", "alerts", "show")).contains("crash loop", "3 exits nobody asked for within 2 min");
        assertThat(cli.ok("settings", "alerts", "set", "--crashes", "2", "--crash-window", "30s"))
                .isEqualTo("Saved. 2 exits nobody asked for within 30 s make a crash loop; the open app applies it from the next exit."
                        + " Provision each node to apply it to its alarm ('homeport node provision NAME').\n");
        cli.withHomeport(homeport -> assertThat(homeport.watchSettings().crashLoop()).isEqualTo(new CrashLoopPolicy(2, 30)));
        cli.ok("settings", "alerts", "set", "--crash-window", "1h");
        JsonNode shown = cli.json("settings", "alerts", "show", "--json");
        assertThat(shown.get("crashLoopCrashes").asInt()).isEqualTo(2);
        assertThat(shown.get("crashLoopWindowSeconds").asInt()).isEqualTo(3600);
        assertThat(shown.get("disk").asText()).as("the thresholds untouched").isEqualTo("85,95");
        cli.ok("settings", "alerts", "set", "--disk", "70,80");
        cli.withHomeport(homeport -> assertThat(homeport.watchSettings().crashLoop()).as("thresholds alone leave the crash loop")
                .isEqualTo(new CrashLoopPolicy(2, 3600)));
        cli.ok("settings", "alerts", "set", "--defaults");
        cli.withHomeport(homeport -> assertThat(homeport.watchSettings().crashLoop()).isEqualTo(CrashLoopPolicy.defaults()));
    }

    @Test
    void aCrashLoopOutsideTheLimitsIsRefusedAndChangesNothing() {
        assertThat(cli.run("settings", "alerts", "set", "--crashes", "0").err())
                .isEqualTo("homeport: --crashes: must be between 1 and 100, got 0\n");
        assertThat(cli.run("settings", "alerts", "set", "--crash-window", "5s").err())
                .isEqualTo("homeport: --crash-window: must be whole seconds between 10 s and 1 h (3600 s), got 5 s\n");
        assertThat(cli.run("settings", "alerts", "set", "--crash-window", "2 days").err())
                .startsWith("homeport: --crash-window: must be a number of seconds, or a length of time such as 90s, 2m, 1h or 1m30s");
        CliRunner.Result both = cli.run("settings", "alerts", "set", "--crashes", "4", "--crash-window", "2h");
        assertThat(both.exitCode()).isEqualTo(Cli.BAD_INPUT);
        CliRunner.Result badThreshold = cli.run("settings", "alerts", "set", "--crashes", "4", "--disk", "85");
        assertThat(badThreshold.err()).as("a good crash loop is not saved beside a bad threshold").contains("--disk: must be WARNING,CRITICAL");
        assertThat(cli.ok("settings", "alerts", "set", "--crashes", "1")).startsWith("Saved. 1 exit nobody asked for within 2 min makes a crash loop");
        cli.ok("settings", "alerts", "set", "--crashes", "3");
        cli.withHomeport(homeport -> assertThat(homeport.watchSettings().crashLoop()).isEqualTo(CrashLoopPolicy.defaults()));
    }
}
