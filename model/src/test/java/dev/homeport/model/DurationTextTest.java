package dev.homeport.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void numbersWithUnitsAddUp() {
        assertThat(DurationText.parse("90s")).contains(Duration.ofSeconds(90));
        assertThat(DurationText.parse(" 2M ")).contains(Duration.ofMinutes(2));
        assertThat(DurationText.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(DurationText.parse("1d")).contains(Duration.ofDays(1));
        assertThat(DurationText.parse("2w")).contains(Duration.ofDays(14));
        assertThat(DurationText.parse("0m")).contains(Duration.ZERO);
    }

    @Test
    void anythingElseIsEmpty() {
        assertThat(DurationText.parse("")).isEmpty();
        assertThat(DurationText.parse("90")).as("a bare number is the caller's rule").isEmpty();
        assertThat(DurationText.parse("2 days")).isEmpty();
        assertThat(DurationText.parse("1y")).isEmpty();
        assertThat(DurationText.parse("-5m")).isEmpty();
        assertThat(DurationText.parse("9999999999s")).as("too many digits").isEmpty();
    }
}
