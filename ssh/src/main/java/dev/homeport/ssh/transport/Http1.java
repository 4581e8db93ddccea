package dev.homeport.ssh.transport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 request and its response on a socket the caller opened, with
 * the Host header the caller chooses. Caddy's admin API refuses a Host that is
 * not its own address, and java.net.http will not let a caller set Host; tests
 * also need to reach 127.0.0.1 while naming another host. The one HTTP client for
 * such requests: Caddy's admin API, health checks, the probe. The request asks
 * for {@code Connection: close}: one socket, one exchange.
 */
public final class Http1 {
    /** Larger answers are refused: Caddy's config and a test page are far smaller. */
    public static final int MAX_BODY = 32 * 1024 * 1024;
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;

    private Http1() {
    }

    /**
     * A response. Header names are matched case-insensitively; trailers of a chunked
     * body are among the headers (Caddy sends its config ETag as a trailer).
     */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public Response {
            Map<String, String> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            sorted.putAll(headers);
            headers = Collections.unmodifiableMap(sorted);
        }

        /** The header's value, or null. */
        public String header(String name) {
            return headers.get(name);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * A GET to 127.0.0.1:{@code localPort} (such as the local end of an SSH forward) naming
     * {@code host}, within {@code timeout} for the connection and for each read.
     */
    public static Response get(int localPort, String host, String path, java.time.Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", localPort), millis);
            socket.setSoTimeout(millis);
            return exchange(socket, "GET", path, host, Map.of(), null);
        }
    }

    /**
     * Writes the request and reads the whole response. {@code body} may be null;
     * {@code headers} are extra request headers such as Content-Type or If-Match.
     */
    public static Response exchange(Socket socket, String method, String path, String host,
                                    Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append(token("method", method)).append(' ').append(target(path)).append(" HTTP/1.1\r\n");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", host);
        all.putAll(headers);
        all.put("Connection", "close");
        if (body != null || !method.equals("GET") && !method.equals("HEAD")) {
            all.put("Content-Length", Integer.toString(body == null ? 0 : body.length));
        }
        for (Map.Entry<String, String> header : all.entrySet()) {
            head.append(token("header name", header.getKey())).append(": ").append(value(header.getValue())).append("\r\n");
        }
        head.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        return read(socket.getInputStream(), method);
    }

    private static Response read(InputStream in, String method) throws IOException {
        String statusLine;
        Map<String, String> headers;
        int status;
        do { // skip interim 1xx answers
            statusLine = line(in);
            if (statusLine == null) {
                throw new EOFException("the connection closed without an answer");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x answer: '" + abbreviate(statusLine) + "'");
            }
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status line: '" + abbreviate(statusLine) + "'");
            }
            headers = fields(in);
        } while (status >= 100 && status < 200);

        byte[] body;
        if (method.equals("HEAD") || status == 204 || status == 304) {
            body = new byte[0];
        } else if (headers.getOrDefault("Transfer-Encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked(in, headers);
        } else if (headers.containsKey("Content-Length")) {
            body = fixed(in, contentLength(headers.get("Content-Length")));
        } else {
            body = untilClose(in);
        }
        return new Response(status, headers, body);
    }

    /** Header or trailer fields up to the empty line, by case-insensitive name; a repeated name's values are comma-joined. */
    private static Map<String, String> fields(InputStream in) throws IOException {
        Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int count = 0; ; count++) {
            String line = line(in);
            if (line == null) {
                throw new EOFException("the connection closed inside the response head");
            }
            if (line.isEmpty()) {
                return fields;
            }
            if (count == MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " header lines");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("a malformed header line: '" + abbreviate(line) + "'");
            }
            fields.merge(line.substring(0, colon).strip(), line.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
        }
    }

    private static byte[] chunked(InputStream in, Map<String, String> headers) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            if (sizeLine == null) {
                throw new EOFException("the connection closed inside a chunked body");
            }
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("a malformed chunk size: '" + abbreviate(sizeLine) + "'");
            }
            if (size == 0) {
                headers.putAll(fields(in));
                return body.toByteArray();
            }
            if (size < 0 || body.size() + size > MAX_BODY) {
                throw new IOException("a body larger than " + MAX_BODY + " bytes");
            }
            body.write(fixed(in, size));
            if (!"".equals(line(in))) {
                throw new IOException("a chunk not followed by CRLF");
            }
        }
    }

    private static long contentLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value.strip());
            if (length < 0 || length > MAX_BODY) {
                throw new IOException("a Content-Length out of range: " + value);
            }
            return length;
        } catch (NumberFormatException e) {
            throw new IOException("a malformed Content-Length: '" + abbreviate(value) + "'");
        }
    }

    private static byte[] fixed(InputStream in, long length) throws IOException {
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length < length) {
            throw new EOFException("the connection closed after " + bytes.length + " of " + length + " body bytes");
        }
        return bytes;
    }

    private static byte[] untilClose(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new IOException("a body larger than " + MAX_BODY + " bytes");
        }
        return bytes;
    }

    /** A CRLF- or LF-terminated line without its end; null at end of stream before any byte. */
    private static String line(InputStream in) throws IOException {
        return readLine(in, MAX_LINE);
    }

    /**
     * One CRLF- (or LF-) terminated line in ISO-8859-1, without its end, of at most {@code max}
     * bytes; null at end of stream before any byte. Also the Docker transport's line reader.
     */
    public static String readLine(InputStream in, int max) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() == max) {
                throw new IOException("a line longer than " + max + " bytes");
            }
            line.write(b);
        }
        if (line.size() > 0) {
            throw new EOFException("the connection closed inside a line");
        }
        return null;
    }

    // A request head is built from text, so nothing may end a line early (header injection).

    private static String target(String path) {
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
            throw new IllegalArgumentException("An HTTP request path must start with '/' and hold no spaces or control characters: '"
                    + abbreviate(path) + "'");
        }
        return path;
    }

    private static String token(String what, String value) {
        if (value.isEmpty() || value.chars().anyMatch(c -> c <= ' ' || c >= 127 || c == ':')) {
            throw new IllegalArgumentException("An HTTP " + what + " may hold no spaces, colons or control characters: '" + abbreviate(value) + "'");
        }
        return value;
    }

    private static String value(String value) {
        if (value.chars().anyMatch(c -> c < ' ' && c != '\t' || c == 127)) {
            throw new IllegalArgumentException("An HTTP header value may hold no control characters: '" + abbreviate(value) + "'");
        }
        return value;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
