package dev.homeport.ssh.rig;

import dev.homeport.ssh.transport.Http1;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTP requests to the rig's Caddy as a browser would send them for a name, without
 * DNS: the connection goes to 127.0.0.1 on port 80 or 443, while the Host header
 * (and, over HTTPS, the TLS server name) is the name. Over HTTPS the certificate
 * must chain to the given CA only, and be for that name.
 */
public final class RigHttp {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private RigHttp() {
    }

    /** A response: status, headers (case-insensitive names) and the body as text. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    /**
     * GET {@code scheme://hostname/path} from Caddy on 127.0.0.1; {@code caPem} is the only
     * trusted root for https (ignored for http). Redirects are not followed.
     */
    public static Response get(String scheme, String hostname, String path, String caPem) throws IOException {
        return get(scheme, hostname, path, caPem, DEFAULT_TIMEOUT);
    }

    public static Response get(String scheme, String hostname, String path, String caPem, Duration timeout) throws IOException {
        return get("127.0.0.1", scheme, hostname, path, caPem, timeout);
    }

    /** As {@link #get(String, String, String, String, Duration)}, to the Caddy at {@code address} (a cluster node's). */
    public static Response get(String address, String scheme, String hostname, String path, String caPem, Duration timeout) throws IOException {
        boolean https = switch (scheme) {
            case "https" -> true;
            case "http" -> false;
            default -> throw new IllegalArgumentException("scheme must be http or https, got " + scheme);
        };
        int millis = (int) timeout.toMillis();
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(address, https ? 443 : 80), millis);
            plain.setSoTimeout(millis);
            Socket socket = https ? tls(plain, hostname, caPem) : plain;
            String host = hostname.contains(":") ? "[" + hostname + "]" : hostname;
            Http1.Response response = Http1.exchange(socket, "GET", path, host, Map.of("User-Agent", "homeport-rig-test"), null);
            return new Response(response.status(), response.headers(), response.text());
        } finally {
            plain.close();
        }
    }

    /** TLS over the connected socket: server name = hostname (unless it is an IP), certificate checked against caPem and the name. */
    private static SSLSocket tls(Socket plain, String hostname, String caPem) throws IOException {
        if (caPem == null) {
            throw new IllegalArgumentException("https needs the PEM of the CA to trust");
        }
        SSLSocket socket = (SSLSocket) trusting(caPem).getSocketFactory().createSocket(plain, hostname, 443, true);
        SSLParameters parameters = socket.getSSLParameters();
        if (!hostname.contains(":") && !hostname.matches("[0-9.]+")) {
            parameters.setServerNames(List.of(new SNIHostName(hostname)));
        }
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static SSLContext trusting(String caPem) throws IOException {
        try {
            KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
            roots.load(null, null);
            roots.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(roots);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot trust the given CA: " + e.getMessage(), e);
        }
    }
}
