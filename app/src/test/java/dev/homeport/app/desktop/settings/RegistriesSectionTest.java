package dev.homeport.app.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A registry login as typed in Settings → Registries is checked by the command line's rules. */
class RegistriesSectionTest {
    @Test
    void acceptsARegistryHostWithOrWithoutAPort() {
        assertThat(RegistriesSection.problem("ghcr.io", "ci", "token", false)).isNull();
        assertThat(RegistriesSection.problem("registry.example.com:5000", "ci", "token", false)).isNull();
        assertThat(RegistriesSection.problem("10.0.0.5", "ci", "token", false)).isNull();
    }

    @Test
    void saysNothingYetWhileAFieldIsEmptyButIsNotReady() {
        assertThat(RegistriesSection.problem("", "ci", "token", false)).isEmpty();
        assertThat(RegistriesSection.problem("ghcr.io", " ", "token", false)).isEmpty();
        assertThat(RegistriesSection.problem("ghcr.io", "ci", "", false)).isEmpty();
    }

    @Test
    void anEditMayLeaveThePasswordEmptyToKeepTheStoredOne() {
        assertThat(RegistriesSection.problem("ghcr.io", "ci", "", true)).isNull();
        assertThat(RegistriesSection.problem("ghcr.io", " ", "", true)).isEmpty();
    }

    @Test
    void refusesWhatIsNotARegistryHostAndSaysWhichField() {
        assertThat(RegistriesSection.problem("not a host!", "ci", "token", false)).startsWith("The registry ");
        assertThat(RegistriesSection.problem("https://ghcr.io", "ci", "token", false)).startsWith("The registry ");
    }
}
