package dev.homeport.app.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A registry login as typed in Settings → Registries is checked by the command line's rules. */
class RegistriesSectionTest {
    @Test
    void acceptsARegistryHostWithOrWithoutAPort() {
        assertThat(RegistriesSection.problem("ghcr.io", "ci", "token")).isNull();
        assertThat(RegistriesSection.problem("registry.example.com:5000", "ci", "token")).isNull();
        assertThat(RegistriesSection.problem("10.0.0.5", "ci", "token")).isNull();
    }

    @Test
    void saysNothingYetWhileAFieldIsEmptyButIsNotReady() {
        assertThat(RegistriesSection.problem("", "ci", "token")).isEmpty();
        assertThat(RegistriesSection.problem("ghcr.io", " ", "token")).isEmpty();
        assertThat(RegistriesSection.problem("ghcr.io", "ci", "")).isEmpty();
    }

    @Test
    void refusesWhatIsNotARegistryHostAndSaysWhichField() {
        assertThat(RegistriesSection.problem("not a host!", "ci", "token")).startsWith("The registry ");
        assertThat(RegistriesSection.problem("https://ghcr.io", "ci", "token")).startsWith("The registry ");
    }
}
