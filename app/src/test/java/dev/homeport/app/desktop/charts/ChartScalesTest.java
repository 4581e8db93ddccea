package dev.homeport.app.desktop.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of a chart's axes that are plain arithmetic: units, value ticks, time ticks. */
class ChartScalesTest {
    @Test
    void unitsScaleToTheirOwnSize() {
        assertThat(UnitFormat.PERCENT.format(42.25)).isEqualTo("42.3 %");
        assertThat(UnitFormat.BYTES.format(1536)).isEqualTo("1.5 KiB");
        assertThat(UnitFormat.BYTES.format(3L * 1024 * 1024 * 1024)).isEqualTo("3 GiB");
        assertThat(UnitFormat.BYTES_PER_SECOND.format(512)).isEqualTo("512 B/s");
        assertThat(UnitFormat.PLAIN.format(12_500)).isEqualTo("12.5k");
        assertThat(UnitFormat.PLAIN.format(Double.NaN)).isEqualTo("–");
    }

    @Test
    void anAxisWritesAllItsTicksInOneUnit() {
        NiceScale scale = NiceScale.of(0, 3.2 * 1024 * 1024 * 1024, UnitFormat.BYTES, 5);
        List<String> labels = java.util.stream.IntStream.range(0, scale.tickCount())
                .mapToObj(i -> UnitFormat.BYTES.format(scale.tick(i), scale.divisor())).toList();
        assertThat(labels).containsExactly("0 GiB", "1 GiB", "2 GiB", "3 GiB", "4 GiB");
    }

    @Test
    void percentShowsTheWholeRangeUnlessValuesGoBeyondIt() {
        assertThat(NiceScale.of(3, 40, UnitFormat.PERCENT, 6)).isEqualTo(new NiceScale(0, 100, 25, 1));
        NiceScale cores = NiceScale.of(0, 340, UnitFormat.PERCENT, 5);
        assertThat(cores.max()).isGreaterThanOrEqualTo(340);
        assertThat(cores.step()).isEqualTo(100);
    }

    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(NiceScale.niceStep(0.7)).isEqualTo(1);
        assertThat(NiceScale.niceStep(13)).isEqualTo(20);
        assertThat(NiceScale.niceStep(380)).isEqualTo(500);
    }

    @Test
    void aLiveMinuteIsLabelledInSecondsAndADayInHours() {
        long noon = 1_764_158_400L; // 2025-11-26 12:00:00 UTC
        List<String> minute = TimeTicks.between(noon, noon + 60, 600, 72, ZoneOffset.UTC).stream().map(TimeTicks.Tick::label).toList();
        assertThat(minute).containsExactly("12:00:00", "12:00:10", "12:00:20", "12:00:30", "12:00:40", "12:00:50", "12:01:00");
        List<String> day = TimeTicks.between(noon - 86_400, noon, 600, 72, ZoneOffset.UTC).stream().map(TimeTicks.Tick::label).toList();
        assertThat(day).containsExactly("12:00", "15:00", "18:00", "21:00", "00:00", "03:00", "06:00", "09:00", "12:00");
    }

    @Test
    void hourlyTicksFallOnTheLocalHour() {
        long noonUtc = 1_764_158_400L;
        List<String> india = TimeTicks.between(noonUtc, noonUtc + 3 * 3600, 300, 72, ZoneOffset.ofHoursMinutes(5, 30))
                .stream().map(TimeTicks.Tick::label).toList();
        assertThat(india).containsExactly("18:00", "19:00", "20:00");
    }
}
