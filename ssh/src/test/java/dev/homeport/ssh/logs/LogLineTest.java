package dev.homeport.ssh.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Log lines as programs write them, read into time, replica, level and text. */
class LogLineTest {
    @Test
    void aLineOfOneNodeHasDockersTimeAndNoReplica() {
        LogLine line = LogLine.parse("2026-12-06T07:00:01.123456789Z level=warn msg=\"disk almost full\" free=2%");
        assertThat(line.time()).isEqualTo(Instant.parse("2026-12-06T07:00:01.123456789Z"));
        assertThat(line.source()).isNull();
        assertThat(line.level()).isEqualTo(LogLevel.WARN);
        assertThat(line.text()).isEqualTo("level=warn msg=\"disk almost full\" free=2%");
        assertThat(line.raw()).startsWith("2026-12-06T07:00:01.123456789Z ");
    }

    @Test
    void aClusterLineIsLedByItsReplica() {
        LogLine line = LogLine.parse("2026-12-06T07:00:01.5Z web.2@node-3 [ERROR] upstream timed out");
        assertThat(line.source()).isEqualTo("web.2@node-3");
        assertThat(line.text()).isEqualTo("[ERROR] upstream timed out");
        assertThat(line.level()).isEqualTo(LogLevel.ERROR);
    }

    @Test
    void aLineWithoutATimeIsAllText() {
        LogLine line = LogLine.parse("web.2@node-3 INFO started");
        assertThat(line.time()).isNull();
        assertThat(line.source()).as("a replica is read only after Docker's time").isNull();
        assertThat(line.text()).isEqualTo("web.2@node-3 INFO started");
        assertThat(line.level()).isEqualTo(LogLevel.INFO);
        assertThat(LogLine.parse("2026-13-45T99:00:00Z oops").time()).as("not a time").isNull();
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            time="2026-12-06T07:00:00Z" level=info msg="listening on :8080"                           | INFO
            ts=2026-12-06T07:00:00Z lvl=error msg="db down"                                           | ERROR
            level="debug" msg=x                                                                       | DEBUG
            {"level":"warn","ts":1765004400.1,"logger":"http","msg":"certificate expires soon"}       | WARN
            {"level":"error","ts":1765004400.2,"logger":"http.log.error","msg":"dial tcp: refused"}   | ERROR
            {"level":30,"time":1765004400000,"pid":1,"msg":"request completed"}                       | INFO
            {"level":50,"time":1765004400000,"pid":1,"msg":"request failed"}                          | ERROR
            {"severity":"CRITICAL","message":"out of memory"}                                         | FATAL
            {"time":"2026-12-06T07:00:00+00:00","remote_addr":"10.0.0.1","request":"GET / HTTP/1.1","status": 502} | ERROR
            {"time":"2026-12-06T07:00:00+00:00","request":"GET /missing HTTP/1.1","status":"404"}     | WARN
            {"time":"2026-12-06T07:00:00+00:00","request":"GET / HTTP/1.1","status":200}              | INFO
            {"msg":"no level in here, ERROR in the text"}                                             | UNKNOWN
            <3>sshd[42]: error: maximum authentication attempts exceeded                              | ERROR
            <4>kernel: low memory                                                                     | WARN
            <6>systemd[1]: Started foo.service                                                        | INFO
            <7>debugging                                                                              | DEBUG
            [ERROR] Could not connect to the database                                                 | ERROR
            [warn] 1#1: *3 an upstream response is buffered to a temporary file                       | WARN
            2026/12/06 07:00:00 [error] 29#29: *1 open() "/usr/share/nginx/html/x" failed (2: No such file or directory) | ERROR
            2026/12/06 07:00:00 [notice] 1#1: start worker processes                                  | INFO
            INFO:root:Starting the scheduler                                                          | INFO
            WARNING:django.request:Not Found: /favicon.ico                                            | WARN
            ERROR:app:Unhandled exception                                                             | ERROR
            2026-12-06 07:00:00.123  INFO 1 --- [           main] o.s.b.w.e.tomcat.TomcatWebServer : Tomcat started on port 8080 | INFO
            07:00:00.123 [main] WARN  com.example.App - Retrying in 5s                                | WARN
            2026-12-06 07:00:00,123 - worker - DEBUG - polling the queue                              | DEBUG
            Dec 06, 2026 7:00:00 AM org.example.Main run SEVERE: it broke                             | ERROR
            2026-12-06T07:00:00.000Z	FATAL	main.go:12	cannot start                                   | FATAL
            E1206 07:00:00.000000       1 reflector.go:138] Failed to watch                           | ERROR
            W1206 07:00:00.000000       1 warnings.go:70] deprecated                                  | WARN
            7:00AM INF server started port=8080                                                       | INFO
            7:00AM WRN slow request path=/                                                            | WARN
            10.0.0.1 - - [06/Dec/2026:07:00:00 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0"       | UNKNOWN
            10.0.0.1 - - [06/Dec/2026:07:00:00 +0000] "GET /ERROR HTTP/1.1" 404 0 "-" "curl/8.5.0"    | UNKNOWN
            testapp listening on 8080                                                                 | UNKNOWN
            an error occurred, but in lower case words: not a level                                   | UNKNOWN
            [main] nothing to say                                                                     | UNKNOWN
            """)
    void readsTheLevelFromCommonFormats(String text, LogLevel level) {
        assertThat(LogLine.levelOf(text)).isEqualTo(level);
        assertThat(LogLine.parse("2026-12-06T07:00:00.000000001Z " + text).level()).isEqualTo(level);
    }

    @Test
    void aLevelFarIntoTheLineIsNotLookedFor() {
        assertThat(LogLine.levelOf("x".repeat(300) + " ERROR")).isEqualTo(LogLevel.UNKNOWN);
        assertThat(LogLine.levelOf("x".repeat(100) + " ERROR")).isEqualTo(LogLevel.ERROR);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"2026-12-06T07:00:00.123456789Z", "2026-12-06T07:00:00Z",
            "2026-12-06T07:00:00.1Z", "2026-12-06T07:00:00.000001Z", "2024-02-29T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.5Z", "2000-03-01T00:00:00Z", "2100-12-31T12:34:56.789Z", "2026-12-06T08:00:00+01:00",
            "2026-12-06T24:00:00Z"})
    void readsDockersTimeToTheNanosecondWithoutAnInstant(String time) {
        byte[] bytes = (time + " text").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Instant expected = Instant.parse(time);
        assertThat(LogLine.epochNanos(bytes, 0, time.length()))
                .isEqualTo(expected.getEpochSecond() * 1_000_000_000L + expected.getNano());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"2023-02-29T00:00:00Z", "2026-13-06T07:00:00Z", "2026-12-06T07:60:00Z",
            "2026-12-06T07:00:00.1234567890Z", "2026-12-06T07:00:00", "2026-12-0xT07:00:00Z", "2026-12-06T07:00:00.1Zx"})
    void aWordThatIsNotATimeHasNone(String word) {
        byte[] bytes = word.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(LogLine.epochNanos(bytes, 0, bytes.length)).isEqualTo(LogMergeQueue.NO_TIME);
        assertThat(LogLine.parse(word + " text").time()).as("parse agrees").isNull();
    }
}
