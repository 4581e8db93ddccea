package dev.homeport.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CheckTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "shop", "web-1", "0day", "a23456789012345678901234567890123456789012345678901234567890123"})
    void acceptsDnsLabels(String name) {
        assertThat(Check.dnsLabel("name", name)).isEqualTo(name);
    }

    @Test
    void namesTheRuleEachBadNameBreaks() {
        assertThatThrownBy(() -> Check.dnsLabel("name", "Shop")).hasMessage("name: must be lower-case, got 'Shop'");
        assertThatThrownBy(() -> Check.dnsLabel("name", "-shop")).hasMessage("name: must not start or end with a hyphen");
        assertThatThrownBy(() -> Check.dnsLabel("name", "shop-")).hasMessage("name: must not start or end with a hyphen");
        assertThatThrownBy(() -> Check.dnsLabel("name", "my_shop"))
                .hasMessage("name: may hold only lower-case letters, digits and hyphens, got 'my_shop'");
        assertThatThrownBy(() -> Check.dnsLabel("name", "a".repeat(64))).hasMessage("name: must be at most 63 characters, got 64");
        assertThatThrownBy(() -> Check.dnsLabel("name", " ")).hasMessage("name: is required");
        assertThatThrownBy(() -> Check.dnsLabel("name", "a\nb")).hasMessageContaining("'a\\x0ab'");
    }

    @Test
    void portsAreOneTo65535() {
        assertThat(Check.port("port", 1)).isEqualTo(1);
        assertThat(Check.port("port", 65535)).isEqualTo(65535);
        assertThatThrownBy(() -> Check.port("port", 0)).hasMessage("port: must be 1–65535, got 0");
        assertThatThrownBy(() -> Check.port("port", 70000)).hasMessage("port: must be 1–65535, got 70000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "node-1", "10.0.0.5", "::1", "[fe80::1]", "2001:db8::8a2e:370:7334", "localhost"})
    void acceptsHostsAndIpAddresses(String host) {
        assertThat(Check.host("host", host)).isEqualTo(host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"exa mple.com", "-bad.com", "bad-.com", "a..b", "host;rm -rf", "[::1", "$(reboot)"})
    void refusesBadHosts(String host) {
        assertThatThrownBy(() -> Check.host("host", host)).isInstanceOf(ValidationException.class).hasMessageStartingWith("host: ");
    }

    @Test
    void domainsAreLowerCasedAndNeedADot() {
        assertThat(Check.domain("domain", "Shop.Example.COM.")).isEqualTo("shop.example.com");
        assertThat(Check.domain("domain", "api.localhost")).isEqualTo("api.localhost");
        assertThat(Check.domain("domain", "10.1.2.3")).isEqualTo("10.1.2.3");
        assertThatThrownBy(() -> Check.domain("domain", "shop")).hasMessageStartingWith("domain: must be a domain name");
        assertThatThrownBy(() -> Check.domain("domain", "sh_op.com")).hasMessageStartingWith("domain: must be a domain name");
    }

    @Test
    void variableKeysFollowTheShellRule() {
        assertThat(Check.variableKey("key", "_A1")).isEqualTo("_A1");
        assertThat(Check.variableKey("key", "database_url")).isEqualTo("database_url");
        assertThatThrownBy(() -> Check.variableKey("key", "1A")).hasMessage("key: must match [A-Za-z_][A-Za-z0-9_]*, got '1A'");
        assertThatThrownBy(() -> Check.variableKey("key", "A-B")).hasMessageContaining("got 'A-B'");
    }

    @Test
    void imageReferences() {
        assertThat(Check.imageReference("image", "nginx")).isEqualTo("nginx");
        assertThat(Check.imageReference("image", "registry.example.com:5000/team/app:v2.1")).isNotNull();
        assertThat(Check.imageReference("image", "app@sha256:" + "a".repeat(64))).isNotNull();
        assertThatThrownBy(() -> Check.imageReference("image", "Nginx")).hasMessageStartingWith("image: must be an image reference");
        assertThatThrownBy(() -> Check.imageReference("image", "nginx:latest; rm -rf /")).isInstanceOf(ValidationException.class);
    }

    @Test
    void gitSources() {
        assertThat(Check.gitUrl("url", "https://github.com/acme/shop.git")).isNotNull();
        assertThat(Check.gitUrl("url", "git@github.com:acme/shop.git")).isNotNull();
        assertThat(Check.gitUrl("url", "ssh://git@host:2222/srv/repo.git")).isNotNull();
        assertThatThrownBy(() -> Check.gitUrl("url", "--upload-pack=touch /tmp/x")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Check.gitUrl("url", "not a url")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Check.gitRef("ref", "-x")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Check.relativePath("dockerfile", "../../etc/passwd"))
                .hasMessage("dockerfile: must not climb out of the build context with '..'");
    }

    @Test
    void serviceChecksItsFields() {
        var image = new ServiceSource.Image("nginx:1.27");
        assertThat(new Service(0, 1, "web", image, 80, null, 0.5, 256).healthCheckPath()).isEqualTo("/");
        assertThatThrownBy(() -> new Service(0, 1, "web", image, 70000, null, null, null)).hasMessage("port: must be 1–65535, got 70000");
        assertThatThrownBy(() -> new Service(0, 1, "web", image, 80, "health", null, null)).hasMessageStartingWith("healthCheckPath:");
        assertThatThrownBy(() -> new Service(0, 1, "web", image, 80, null, -1.0, null)).hasMessageStartingWith("cpuLimit:");
        assertThatThrownBy(() -> new Service(0, 1, "web", image, 80, null, null, 2)).hasMessageStartingWith("memoryLimitMb:");
        assertThatThrownBy(() -> new Service(0, 1, "web", null, 80, null, null, null)).hasMessageStartingWith("source:");
    }

    @Test
    void nodeUsersCannotSmuggleOptions() {
        var agent = new NodeIdentity.Agent();
        assertThat(new WorkerNode(0, "n1", "10.0.0.5", 22, "deploy", agent, null).address()).isEqualTo("deploy@10.0.0.5");
        assertThat(new WorkerNode(0, "n1", "10.0.0.5", 2222, "deploy", agent, null).address()).isEqualTo("deploy@10.0.0.5:2222");
        assertThatThrownBy(() -> new WorkerNode(0, "n1", "10.0.0.5", 22, "-oProxyCommand=x", agent, null)).hasMessageStartingWith("user:");
    }

    @Test
    void deploymentStatesMoveOnlyForward() {
        assertThat(DeploymentState.QUEUED.canMoveTo(DeploymentState.PREPARING)).isTrue();
        assertThat(DeploymentState.ROUTING.canMoveTo(DeploymentState.LIVE)).isTrue();
        assertThat(DeploymentState.LIVE.canMoveTo(DeploymentState.SUPERSEDED)).isTrue();
        assertThat(DeploymentState.LIVE.canMoveTo(DeploymentState.FAILED)).isFalse();
        assertThat(DeploymentState.QUEUED.canMoveTo(DeploymentState.LIVE)).isFalse();
        assertThat(DeploymentState.FAILED.next()).isEmpty();
        for (DeploymentState state : DeploymentState.values()) {
            if (state.inProgress()) {
                assertThat(state.canMoveTo(DeploymentState.FAILED)).as(state + " can fail").isTrue();
                assertThat(state.canMoveTo(DeploymentState.INTERRUPTED)).as(state + " can be interrupted").isTrue();
            }
        }
    }
}
