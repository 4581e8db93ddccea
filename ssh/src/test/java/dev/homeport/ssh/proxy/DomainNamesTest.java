package dev.homeport.ssh.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.ValidationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Internal names, and the sslip.io name a Service gets by default. */
class DomainNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"web.test", "WEB.TEST.", "localhost", "web.localhost", "nas.internal", "printer.home.arpa", "pi.local",
            "127.0.0.1", "203.0.113.9", "::1", "[2001:db8::1]", "web.192.168.1.9.sslip.io", "web.10-0-0-5.sslip.io",
            "web.fd00--5.sslip.io", "web.100.64.0.1.sslip.io", "test"})
    void internalNames(String host) {
        assertThat(DomainNames.internal(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"web.example.com", "test.example.com", "web.testing", "localhost.example.com", "web.203.0.113.9.sslip.io",
            "web.2001-db8--1.sslip.io", "sslip.io", "web.sslip.io", "internal.example.org", "web.100.128.0.1.sslip.io"})
    void publicNames(String host) {
        assertThat(DomainNames.internal(host)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "web, 203.0.113.9, web.203.0.113.9.sslip.io",
            "prod-web, 198.51.100.4, prod-web.198.51.100.4.sslip.io",
            "web, 2001:db8::1, web.2001-db8--1.sslip.io",
            "web, [2001:DB8:0:0:1:0:0:1], web.2001-db8--1-0-0-1.sslip.io",
            "web, 2001:db8:0:1:1:1:1:1, web.2001-db8-0-1-1-1-1-1.sslip.io",
            "web, ::1, web.0--1.sslip.io",
            "web, 2001:db8::, web.2001-db8--0.sslip.io",
            "web, fe80::1:0:0:0, web.fe80--1-0-0-0.sslip.io",
            "web, ::ffff:192.0.2.1, web.192.0.2.1.sslip.io"})
    void sslipNamesEmbedTheNodesAddress(String label, String ip, String expected) {
        assertThat(DomainNames.sslipDefault(label, ip)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"node.example.com", "203.0.113", "", "1.2.3.4; rm -rf /"})
    void sslipNamesNeedAnIpAddress(String ip) {
        assertThatThrownBy(() -> DomainNames.sslipDefault("web", ip)).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("nodeIp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Web", "web.app", "-web", "web app"})
    void sslipNamesNeedALabel(String label) {
        assertThatThrownBy(() -> DomainNames.sslipDefault(label, "203.0.113.9")).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("serviceLabel");
    }
}
