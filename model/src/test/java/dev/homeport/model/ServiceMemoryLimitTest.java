package dev.homeport.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one reading of a memory limit, for the command line's --memory and the service dialog's field. */
class ServiceMemoryLimitTest {
    @ParameterizedTest
    @CsvSource({"512, 512", "256m, 256", "256M, 256", "1g, 1024", "2G, 2048", " 64m , 64"})
    void readsSizesInMegabytes(String text, int megabytes) {
        assertThat(Service.parseMemoryLimitMb(text)).isEqualTo(megabytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "m", "1.5g", "512mb", "1t", "-1", "lots", "9999999999", "2 TB"})
    void rejectsOtherSizesNamingTheFieldAndTheForms(String text) {
        assertThatThrownBy(() -> Service.parseMemoryLimitMb(text))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("memoryLimitMb");
                    assertThat(e.rule()).isEqualTo("must be a size such as 256m, 1g or 512 (megabytes), got '" + text + "'");
                });
    }

    @Test
    void rejectsSizesThatDoNotFitAnInt() {
        assertThatThrownBy(() -> Service.parseMemoryLimitMb("999999999g")).hasMessage("memoryLimitMb: is too large: 999999999g");
    }

    @Test
    void controlCharactersInTheInputAreShownEscaped() {
        assertThatThrownBy(() -> Service.parseMemoryLimitMb("1g\u001b[2J")).hasMessageContaining("got '1g\\x1b[2J'");
    }

    @Test
    void aParsedSizeStillMeetsDockersMinimum() {
        assertThatThrownBy(() -> new Service(0, 1, "web", new ServiceSource.Image("nginx:1.27"), null, null, null,
                Service.parseMemoryLimitMb("4m"))).hasMessage("memoryLimitMb: must be at least 6 MB (Docker's minimum), got 4");
    }
}
