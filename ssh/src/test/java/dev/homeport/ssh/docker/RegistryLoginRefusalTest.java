package dev.homeport.ssh.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.ssh.docker.RegistryLogin.Refusal;
import org.junit.jupiter.api.Test;

/** What Docker's answers to a login mean, from the words Docker 20.10 and later use. */
class RegistryLoginRefusalTest {
    @Test
    void wrongCredentials() {
        assertThat(RegistryLogin.refusal(true, "login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized"))
                .isEqualTo(Refusal.CREDENTIALS);
        assertThat(RegistryLogin.refusal(false, "Get \"https://ghcr.io/v2/\": denied: denied")).isEqualTo(Refusal.CREDENTIALS);
        assertThat(RegistryLogin.refusal(false, "unauthorized: incorrect username or password")).isEqualTo(Refusal.CREDENTIALS);
    }

    @Test
    void tlsProblems() {
        assertThat(RegistryLogin.refusal(false, "Get \"https://10.0.0.5:5000/v2/\": x509: certificate signed by unknown authority"))
                .isEqualTo(Refusal.TLS);
        assertThat(RegistryLogin.refusal(false, "Get \"https://10.0.0.5:5000/v2/\": http: server gave HTTP response to HTTPS client"))
                .isEqualTo(Refusal.TLS);
        assertThat(RegistryLogin.refusal(false, "Get \"https://10.0.0.5/v2/\": remote error: tls: handshake failure")).isEqualTo(Refusal.TLS);
    }

    @Test
    void unreachable() {
        assertThat(RegistryLogin.refusal(false, "Get \"https://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused"))
                .isEqualTo(Refusal.UNREACHABLE);
        assertThat(RegistryLogin.refusal(false, "Get \"https://nope.invalid/v2/\": dial tcp: lookup nope.invalid: no such host"))
                .isEqualTo(Refusal.UNREACHABLE);
        assertThat(RegistryLogin.refusal(false, "Get \"https://10.9.9.9/v2/\": net/http: request canceled while waiting for connection"
                + " (Client.Timeout exceeded while awaiting headers)")).isEqualTo(Refusal.UNREACHABLE);
    }

    @Test
    void anythingElseKeepsDockersWords() {
        assertThat(RegistryLogin.refusal(false, "something new")).isEqualTo(Refusal.OTHER);
        assertThat(RegistryLogin.message(Refusal.OTHER, "n1", "ghcr.io", "ci", "something new"))
                .isEqualTo("The login to ghcr.io as ci did not work from node n1: something new");
    }
}
