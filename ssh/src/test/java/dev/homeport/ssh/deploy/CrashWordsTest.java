package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a crash loop is written in a release's history (the policy's limits: WatchSettingsTest in model). */
class CrashWordsTest {
    @Test
    void countsAndSpansInWords() {
        assertThat(CrashWatch.times(1)).isEqualTo("once");
        assertThat(CrashWatch.times(2)).isEqualTo("twice");
        assertThat(CrashWatch.times(5)).isEqualTo("5 times");
        assertThat(CrashWatch.words(Duration.ofMillis(200))).isEqualTo("1 s");
        assertThat(CrashWatch.words(Duration.ofMillis(4100))).isEqualTo("5 s");
        assertThat(CrashWatch.words(Duration.ofSeconds(119))).isEqualTo("119 s");
        assertThat(CrashWatch.words(Duration.ofSeconds(120))).isEqualTo("2 min");
        assertThat(CrashWatch.words(Duration.ofSeconds(121))).isEqualTo("3 min");
    }
}
