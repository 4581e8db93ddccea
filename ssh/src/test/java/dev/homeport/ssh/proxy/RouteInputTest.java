package dev.homeport.ssh.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a route accepts, and the hostile input it refuses before anything reaches Caddy. */
class RouteInputTest {
    private static ServiceRoute withHost(String host) {
        return new ServiceRoute(1, "prod-web", List.of("ok.test", host), "172.18.0.5:8080", null);
    }

    private static ServiceRoute withUpstream(String upstream) {
        return new ServiceRoute(1, "prod-web", List.of("ok.test"), upstream, null);
    }

    @Test
    void namesAreNormalisedAndSplitIntoInternalAndPublic() {
        ServiceRoute route = new ServiceRoute(5, "prod-web",
                List.of("Web.Example.COM.", "web.test", "[fd00::5]", "192.168.1.9", "web.192.168.1.9.sslip.io", "web.203.0.113.9.sslip.io"),
                "172.18.0.5:8080", "ops@example.com");
        assertThat(route.hostnames()).containsExactly("web.example.com", "web.test", "fd00::5", "192.168.1.9",
                "web.192.168.1.9.sslip.io", "web.203.0.113.9.sslip.io");
        assertThat(route.internalHostnames()).containsExactly("web.test", "fd00::5", "192.168.1.9", "web.192.168.1.9.sslip.io");
        assertThat(route.publicHostnames()).containsExactly("web.example.com", "web.203.0.113.9.sslip.io");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b.test", "a\".test", "web.test\"], \"x\": [\"", "a\nb.test", "web.test\r\nX: y", "*.example.com",
            "*", "web.*.example.com", "web", "-web.test", "web_.example.com", "http://web.test", "web.test/path", "web.test:443",
            "", " ", "münchen.example", "a..test", "web.test\u0000"})
    void hostileHostnamesAreRefused(String host) {
        assertThatThrownBy(() -> withHost(host)).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("hostnames/1");
    }

    @Test
    void aNameListedTwiceOrNoNameAtAllIsRefused() {
        assertThatThrownBy(() -> withHost("OK.test")).isInstanceOf(ValidationException.class)
                .hasMessage("hostnames/1: lists ok.test a second time");
        assertThatThrownBy(() -> new ServiceRoute(1, "prod-web", List.of(), "172.18.0.5:8080", null))
                .hasMessage("hostnames: is required: at least one domain");
        assertThatThrownBy(() -> new ServiceRoute(1, "prod-web", null, "172.18.0.5:8080", null))
                .hasMessage("hostnames: is required: at least one domain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"172.18.0.5:8080/path", "http://172.18.0.5:8080", "172.18.0.5", "172.18.0.5:", ":8080", "172.18.0.5:0",
            "172.18.0.5:65536", "172.18.0.5:99999", "fd00::5:8080", "[fd00::5]", "[nonsense]:80", "web app:80", "web\n:80",
            "172.18.0.5:80 ", "172.18.0.5:+80", "172.18.0.5:8080?x=1", "user@172.18.0.5:80", "\"x\":80", ""})
    void upstreamsThatAreNotHostAndPortAreRefused(String upstream) {
        assertThatThrownBy(() -> withUpstream(upstream)).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("upstream");
    }

    @Test
    void upstreamsAreHostAndPort() {
        assertThat(withUpstream("172.18.0.5:8080").upstream()).isEqualTo("172.18.0.5:8080");
        assertThat(withUpstream("[FD00::5]:80").upstream()).isEqualTo("[fd00::5]:80");
        assertThat(withUpstream("homeport-web-1:3000").upstream()).isEqualTo("homeport-web-1:3000");
        assertThat(withUpstream("127.0.0.1:08080").upstream()).isEqualTo("127.0.0.1:8080");
        assertThatThrownBy(() -> withUpstream("172.18.0.5:8080/x")).hasMessage("upstream: must be host:port such as 172.18.0.5:8080"
                + " or [fd00::5]:8080, without a scheme or path, got '172.18.0.5:8080/x'");
    }

    @Test
    void theIdLabelAndEmailAreChecked() {
        assertThatThrownBy(() -> new ServiceRoute(0, "prod-web", List.of("ok.test"), "172.18.0.5:80", null))
                .hasMessage("serviceKey: must be a positive number, got 0");
        assertThatThrownBy(() -> new ServiceRoute(-3, "prod-web", List.of("ok.test"), "172.18.0.5:80", null))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new ServiceRoute(1, "Prod Web", List.of("ok.test"), "172.18.0.5:80", null))
                .isInstanceOf(ValidationException.class).extracting(e -> ((ValidationException) e).field()).isEqualTo("label");
        assertThatThrownBy(() -> new ServiceRoute(1, "prod-web\"", List.of("ok.test"), "172.18.0.5:80", null))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new ServiceRoute(1, "prod-web", List.of("ok.test"), "172.18.0.5:80", "ops at example.com"))
                .isInstanceOf(ValidationException.class).extracting(e -> ((ValidationException) e).field()).isEqualTo("acmeEmail");
    }

    @Test
    void aUnixSocketUpstreamIsAnAbsolutePathOfPlainCharacters() {
        assertThat(withUpstream("unix//var/lib/homeport-edge/node-1/edge.sock").socketUpstream()).isTrue();
        for (String bad : List.of("unix/", "unix/relative.sock", "unix//a/../b.sock", "unix//a b.sock", "unix//a\nb", "unix//a/\"}.sock",
                "unix//a/..", "unix//a//b")) {
            assertThatThrownBy(() -> withUpstream(bad)).as(bad).isInstanceOf(ValidationException.class)
                    .extracting(e -> ((ValidationException) e).field()).isEqualTo("upstream");
        }
    }

    @Test
    void requestHeadersAreTokensWithValuesWithoutControlCharacters() {
        for (var bad : List.of(java.util.Map.of("X Bad", "v"), java.util.Map.of("X-Ok", "a\r\nX: y"), java.util.Map.of("X-Ok", ""),
                java.util.Map.of("", "v"))) {
            assertThatThrownBy(() -> new ServiceRoute(1, "prod-web", List.of("ok.test"), "172.18.0.5:8080", null, bad))
                    .as(bad.toString()).isInstanceOf(ValidationException.class);
        }
    }
}
