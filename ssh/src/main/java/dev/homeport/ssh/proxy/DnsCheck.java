package dev.homeport.ssh.proxy;

import dev.homeport.model.Check;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Whether a public name already leads to the node, so the ACME CA can reach
 * Caddy there to check it before signing a certificate. Resolves with this
 * machine's resolver, which is usually what the world sees, though a split
 * DNS or a hosts file can differ. Internal names need no DNS and are not looked up.
 */
public final class DnsCheck {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** What the lookup found. */
    public enum Verdict {
        /** An internal name or an IP address: no DNS record is needed. */
        INTERNAL,
        /** At least one of its addresses is the node's. */
        POINTS_TO_NODE,
        /** It resolves, but to none of the node's addresses. */
        ELSEWHERE,
        /** The name does not exist, or has no address records. */
        NOT_FOUND,
        /** No answer within the timeout. */
        NO_ANSWER
    }

    /** The verdict, the addresses found (as text), and a sentence for the user. */
    public record Result(String hostname, Verdict verdict, List<String> addresses, String message) {
        public Result {
            addresses = List.copyOf(addresses);
        }

        /** True when nothing stands in the way of a certificate, as far as DNS goes. */
        public boolean ok() {
            return verdict == Verdict.INTERNAL || verdict == Verdict.POINTS_TO_NODE;
        }
    }

    /** How names are resolved; {@link InetAddress#getAllByName} unless a test says otherwise. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Duration timeout;
    private final Resolver resolver;

    public DnsCheck() {
        this(DEFAULT_TIMEOUT);
    }

    public DnsCheck(Duration timeout) {
        this(timeout, InetAddress::getAllByName);
    }

    DnsCheck(Duration timeout, Resolver resolver) {
        this.timeout = timeout;
        this.resolver = resolver;
    }

    /**
     * Blocks up to the timeout. {@code nodeAddresses} are the node's public IP addresses, as text;
     * they are literals, never looked up.
     */
    public Result check(String hostname, List<String> nodeAddresses) {
        String name = ServiceRoute.unbracketed(Check.domain("hostname", hostname));
        if (DomainNames.internal(name)) {
            String what = Check.isIpAddress(name) ? "an IP address" : "an internal name";
            return new Result(name, Verdict.INTERNAL, List.of(), name + " is " + what
                    + ": Caddy's internal CA signs its certificate, so no public DNS record is needed.");
        }
        List<InetAddress> node = nodeAddresses.stream()
                .map(text -> DomainNames.literal(text).orElseThrow(() -> new IllegalArgumentException("Not an IP address: " + text)))
                .toList();
        String nodeText = node.stream().map(DomainNames::text).collect(Collectors.joining(", "));

        FutureTask<InetAddress[]> lookup = new FutureTask<>(() -> resolver.resolve(name));
        // The JDK's resolver has no timeout of its own; a lookup that hangs is left to finish on its own.
        Thread.ofVirtual().name("dns-" + name).start(lookup);
        InetAddress[] found;
        try {
            found = lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Result(name, Verdict.NO_ANSWER, List.of(), name + ": no DNS answer within " + seconds(timeout) + ".");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException) {
                return new Result(name, Verdict.NOT_FOUND, List.of(), name + " does not resolve: add an A record (AAAA for IPv6)"
                        + " pointing to the node (" + nodeText + ").");
            }
            return new Result(name, Verdict.NO_ANSWER, List.of(), name + " could not be looked up: " + e.getCause().getMessage() + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(name, Verdict.NO_ANSWER, List.of(), name + ": the lookup was interrupted.");
        }
        List<String> addresses = Arrays.stream(found).map(DomainNames::text).distinct().toList();
        String foundText = String.join(", ", addresses);
        if (Arrays.stream(found).anyMatch(node::contains)) {
            return new Result(name, Verdict.POINTS_TO_NODE, addresses, name + " resolves to " + foundText
                    + (addresses.size() == 1 ? ", the node's address." : ", the node's address among them."));
        }
        return new Result(name, Verdict.ELSEWHERE, addresses, name + " resolves to " + foundText + ", not to the node (" + nodeText + ").");
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
