package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceCmdTest {
    @ParameterizedTest
    @CsvSource({"512, 512", "256m, 256", "256M, 256", "1g, 1024", "2G, 2048", " 64m , 64"})
    void readsMemorySizesInMegabytes(String text, int megabytes) {
        assertThat(ServiceCmd.memoryMb(text)).isEqualTo(megabytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "m", "1.5g", "512mb", "1t", "-1", "lots", "9999999999"})
    void rejectsOtherSizesNamingTheOption(String text) {
        assertThatThrownBy(() -> ServiceCmd.memoryMb(text))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("memory: ");
    }

    @Test
    void rejectsSizesThatDoNotFitAnInt() {
        assertThatThrownBy(() -> ServiceCmd.memoryMb("999999999g")).hasMessage("memory: is too large: 999999999g");
    }
}
