package dev.homeport.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A registry is a host with an optional port, as {@code docker login} takes it. */
class RegistryCredentialTest {
    @Test
    void takesAHostAPortOrAnAddress() {
        assertThat(RegistryCredential.checkRegistry("ghcr.io")).isEqualTo("ghcr.io");
        assertThat(RegistryCredential.checkRegistry("registry.example.com:5000")).isEqualTo("registry.example.com:5000");
        assertThat(RegistryCredential.checkRegistry("10.0.0.5")).isEqualTo("10.0.0.5");
        assertThat(RegistryCredential.checkRegistry("10.0.0.5:5000")).isEqualTo("10.0.0.5:5000");
    }

    @Test
    void refusesAUrlOrABadPort() {
        for (String bad : new String[] {"https://ghcr.io", "ghcr.io:", "ghcr.io:http", "ghcr.io:70000", "ghcr.io:0"}) {
            assertThatThrownBy(() -> RegistryCredential.checkRegistry(bad)).as(bad).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("registry");
        }
    }
}
