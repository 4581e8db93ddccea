package dev.homeport.ssh.docker;

import com.github.dockerjava.transport.DockerHttpClient.Request;
import dev.homeport.ssh.transport.Http1;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** HTTP/1.1 as Docker's API speaks it: writing a request, reading a response head, choosing the body's framing. */
final class HttpWire {
    private static final int MAX_HEAD_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;

    private HttpWire() {
    }

    /**
     * Writes a request and flushes it. A byte body goes with its Content-Length, a stream body
     * chunked (its length is not known: build contexts, image archives). A hijacking request asks
     * for the upgrade that turns the connection into the container's raw stdin and stdout.
     */
    static void writeRequest(OutputStream out, Request request) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append(request.method()).append(' ').append(checked("path", request.path())).append(" HTTP/1.1\r\n");
        head.append("Host: docker\r\n");
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            head.append(checked("header name", header.getKey())).append(": ").append(checked("header value", header.getValue())).append("\r\n");
        }
        if (request.hijackedInput() != null) {
            head.append("Connection: Upgrade\r\nUpgrade: tcp\r\n");
        }
        byte[] bytes = request.bodyBytes();
        InputStream stream = bytes == null ? request.body() : null;
        if (stream != null) {
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            writeChunked(out, stream);
        } else {
            if (bytes != null || !request.method().equals("GET")) {
                head.append("Content-Length: ").append(bytes == null ? 0 : bytes.length).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (bytes != null) {
                out.write(bytes);
            }
        }
        out.flush();
    }

    private static void writeChunked(OutputStream out, InputStream body) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = body.read(buffer)) >= 0) {
            if (n > 0) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(buffer, 0, n);
                out.write('\r');
                out.write('\n');
            }
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Refuses text that would end a line of the request head early (header injection). */
    private static String checked(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || (what.equals("path") && c == ' ')) {
                throw new IllegalArgumentException("A Docker API request's " + what + " may not contain control characters or spaces: " + value);
            }
        }
        return value;
    }

    /** A response's status line and headers. */
    record Head(String version, int status, String reason, Map<String, List<String>> headers) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        /** HTTP/1.1 keeps the connection open unless the server says close; HTTP/1.0 only if it says keep-alive. */
        boolean keepsAlive() {
            String connection = header("Connection");
            String tokens = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
            if (version.equals("HTTP/1.0")) {
                return tokens.contains("keep-alive");
            }
            return !tokens.contains("close");
        }

        Head withStatus(int newStatus) {
            return new Head(version, newStatus, reason, headers);
        }
    }

    /**
     * Reads the status line and headers of the next final response, skipping interim (1xx) ones
     * other than 101. Returns null when the channel ends before the first byte.
     */
    static Head readHead(InputStream in) throws IOException {
        while (true) {
            String statusLine = readLine(in, MAX_HEAD_LINE);
            if (statusLine == null) {
                return null;
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("The Docker API answered something that is not HTTP/1.x: '" + abbreviate(statusLine) + "'.");
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("The Docker API sent a malformed status line: '" + abbreviate(statusLine) + "'.");
            }
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int count = 0; ; count++) {
                String line = readLine(in, MAX_HEAD_LINE);
                if (line == null) {
                    throw new java.io.EOFException("The Docker API connection ended inside a response head.");
                }
                if (line.isEmpty()) {
                    break;
                }
                if (count == MAX_HEADERS) {
                    throw new IOException("The Docker API sent more than " + MAX_HEADERS + " headers.");
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("The Docker API sent a malformed header: '" + abbreviate(line) + "'.");
                }
                headers.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue;
            }
            return new Head(parts[0], status, parts.length > 2 ? parts[2] : "", headers);
        }
    }

    /** The body's framing, by RFC 9112 section 6.3. */
    static ResponseBody body(InputStream in, String method, Head head) throws IOException {
        int status = head.status();
        if (method.equals("HEAD") || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            return new ResponseBody.Empty(in);
        }
        String transferEncoding = head.header("Transfer-Encoding");
        if (transferEncoding != null) {
            return transferEncoding.toLowerCase(Locale.ROOT).strip().endsWith("chunked")
                    ? new ResponseBody.Chunked(in)
                    : new ResponseBody.UntilClose(in);
        }
        String contentLength = head.header("Content-Length");
        if (contentLength != null) {
            long length;
            try {
                length = Long.parseLong(contentLength.strip());
            } catch (NumberFormatException e) {
                throw new IOException("The Docker API sent a malformed Content-Length: '" + contentLength + "'.");
            }
            if (length < 0) {
                throw new IOException("The Docker API sent a negative Content-Length.");
            }
            return length == 0 ? new ResponseBody.Empty(in) : new ResponseBody.FixedLength(in, length);
        }
        return new ResponseBody.UntilClose(in);
    }

    /** One CRLF- (or LF-) terminated line, as {@link Http1#readLine} reads it; null at end of stream before any byte. */
    static String readLine(InputStream in, int max) throws IOException {
        return Http1.readLine(in, max);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
