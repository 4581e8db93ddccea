package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a crash loop is written in a release's history, and which policies are refused. */
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

    @Test
    void aPolicyNeedsACrashAndASecond() {
        assertThatThrownBy(() -> new CrashWatch.Policy(0, Duration.ofMinutes(1))).hasMessage("crashes: must be at least 1, got 0");
        assertThatThrownBy(() -> new CrashWatch.Policy(3, Duration.ZERO)).hasMessage("window: must be at least a second, got PT0S");
        assertThat(CrashWatch.Policy.defaults()).isEqualTo(new CrashWatch.Policy(3, Duration.ofMinutes(2)));
    }
}
