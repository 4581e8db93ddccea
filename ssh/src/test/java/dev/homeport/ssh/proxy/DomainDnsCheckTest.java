package dev.homeport.ssh.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.ssh.proxy.DnsCheck.Verdict;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The DNS check's verdicts and messages. The machine running the tests may have no
 * DNS of its own, so only the name that must never resolve uses the real resolver;
 * the others are answered by a resolver given to the check.
 */
class DomainDnsCheckTest {
    private static DnsCheck answering(String... addresses) {
        return new DnsCheck(Duration.ofSeconds(2), host -> {
            InetAddress[] found = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                found[i] = InetAddress.ofLiteral(addresses[i]);
            }
            return found;
        });
    }

    @Test
    void aNameThatLeadsToTheNode() {
        DnsCheck.Result result = answering("203.0.113.9", "198.51.100.4").check("Web.Example.com", List.of("198.51.100.4"));
        assertThat(result.verdict()).isEqualTo(Verdict.POINTS_TO_NODE);
        assertThat(result.ok()).isTrue();
        assertThat(result.addresses()).containsExactly("203.0.113.9", "198.51.100.4");
        assertThat(result.message()).isEqualTo("web.example.com resolves to 203.0.113.9, 198.51.100.4, the node's address among them.");
    }

    @Test
    void aNameThatLeadsElsewhere() {
        DnsCheck.Result result = answering("203.0.113.9").check("web.example.com", List.of("198.51.100.4", "2001:db8::4"));
        assertThat(result.verdict()).isEqualTo(Verdict.ELSEWHERE);
        assertThat(result.ok()).isFalse();
        assertThat(result.message()).isEqualTo("web.example.com resolves to 203.0.113.9, not to the node (198.51.100.4, 2001:db8::4).");
    }

    @Test
    void aNameThatDoesNotExistWithTheRealResolver() {
        // RFC 6761: .invalid never resolves.
        DnsCheck.Result result = new DnsCheck().check("homeport-check.invalid", List.of("198.51.100.4"));
        assertThat(result.verdict()).isIn(Verdict.NOT_FOUND, Verdict.NO_ANSWER);
        if (result.verdict() == Verdict.NOT_FOUND) {
            assertThat(result.message()).isEqualTo("homeport-check.invalid does not resolve: add an A record (AAAA for IPv6) pointing"
                    + " to the node (198.51.100.4).");
        }
    }

    @Test
    void aLookupThatHangsEndsAtTheTimeout() {
        DnsCheck check = new DnsCheck(Duration.ofMillis(300), host -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host);
        });
        long started = System.nanoTime();
        DnsCheck.Result result = check.check("slow.example.com", List.of("198.51.100.4"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(result.verdict()).isEqualTo(Verdict.NO_ANSWER);
        assertThat(result.message()).isEqualTo("slow.example.com: no DNS answer within 300 ms.");
    }

    @Test
    void internalNamesAreNotLookedUp() {
        DnsCheck never = new DnsCheck(Duration.ofSeconds(1), host -> {
            throw new AssertionError("looked up " + host);
        });
        DnsCheck.Result name = never.check("web.test", List.of("198.51.100.4"));
        assertThat(name.verdict()).isEqualTo(Verdict.INTERNAL);
        assertThat(name.ok()).isTrue();
        assertThat(name.message()).isEqualTo("web.test is an internal name: Caddy's internal CA signs its certificate,"
                + " so no public DNS record is needed.");
        assertThat(never.check("192.0.2.7", List.of("198.51.100.4")).message()).isEqualTo("192.0.2.7 is an IP address:"
                + " Caddy's internal CA signs its certificate, so no public DNS record is needed.");
    }
}
