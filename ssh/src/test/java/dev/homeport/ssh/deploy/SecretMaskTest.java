package dev.homeport.ssh.deploy;

import static dev.homeport.ssh.deploy.SecretMask.MASK;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one rule that hides a release's secrets in its log, its reason and the messages they carry. */
class SecretMaskTest {
    private static final String TOKEN = "tok-9f86d081884c7d65";
    private static final String KEY = """
            -----BEGIN PRIVATE KEY-----
            MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7
            VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDu
            AgMBAAE=
            -----END PRIVATE KEY-----""";

    private static SecretMask mask(String... secrets) {
        SecretMask mask = new SecretMask();
        for (String secret : secrets) {
            mask.add(secret);
        }
        return mask;
    }

    @Test
    void aOneLineValueIsHiddenWhereverItShowsUp() {
        assertThat(mask(TOKEN).apply("API_TOKEN=" + TOKEN + " and again " + TOKEN + "."))
                .isEqualTo("API_TOKEN=" + MASK + " and again " + MASK + ".");
        assertThat(mask(TOKEN).apply("nothing secret here")).isEqualTo("nothing secret here");
        assertThat(mask(TOKEN).apply(null)).isNull();
    }

    @Test
    void aMultiLineValueIsHiddenWholeAndLineByLine() {
        SecretMask mask = mask(KEY);
        assertThat(mask.apply("before\n" + KEY + "\nafter")).isEqualTo("before\n" + MASK + "\nafter");
        // A program's output read one line at a time, as the container's last lines are.
        for (String line : KEY.lines().toList()) {
            assertThat(mask.apply("  " + line + "  ")).isEqualTo("  " + MASK + "  ");
        }
        assertThat(mask.apply("SIGNING_KEY=-----BEGIN PRIVATE KEY----- | AgMBAAE= | x"))
                .isEqualTo("SIGNING_KEY=" + MASK + " | " + MASK + " | x");
        // With its lines on one line, as a reason that joins them with spaces.
        assertThat(mask.apply(KEY.replace("\n", " "))).doesNotContain("BEGIN", "MIIE", "VJTU", "AgMB", "END");
        assertThat(mask.apply(KEY.replace("\n", "\r\n"))).isEqualTo(MASK);
    }

    @Test
    void escapedFormsAreHiddenToo() {
        SecretMask mask = mask(KEY, "it's \"quoted\" <b>&amp;\\ here");
        assertThat(mask.apply("{\"SIGNING_KEY\":\"" + KEY.replace("\n", "\\n") + "\"}")).isEqualTo("{\"SIGNING_KEY\":\"" + MASK + "\"}");
        assertThat(mask.apply("{\"v\":\"it's \\\"quoted\\\" <b>&amp;\\\\ here\"}")).isEqualTo("{\"v\":\"" + MASK + "\"}");
        // Docker's messages come from Go, which escapes <, > and &.
        assertThat(mask.apply("Status 500: {\"message\":\"it's \\\"quoted\\\" \\u003cb\\u003e\\u0026amp;\\\\ here\"}"))
                .isEqualTo("Status 500: {\"message\":\"" + MASK + "\"}");
        // JSON inside JSON: a JSON message quoted in another.
        assertThat(mask.apply("\"it's \\\\\\\"quoted\\\\\\\" <b>&amp;\\\\\\\\ here\"")).isEqualTo("\"" + MASK + "\"");
        assertThat(mask.apply("export V='it'\\''s \"quoted\" <b>&amp;\\ here'")).isEqualTo("export V='" + MASK + "'");
    }

    @Test
    void shortValuesAndShortLinesAreLeftSoOrdinaryTextStaysReadable() {
        assertThat(mask("abc").apply("abc abcd")).isEqualTo("abc abcd");
        assertThat(mask("abcd").apply("abc abcd")).isEqualTo("abc " + MASK);
        SecretMask json = mask("{\n  \"type\": \"service_account\",\n  \"id\": 1\n}");
        assertThat(json.apply("}\n  \"type\": \"service_account\",\n\"id\": 1"))
                .isEqualTo("}\n  " + MASK + "\n" + MASK);
    }

    @Test
    void overlappingSecretsLeaveNoFragment() {
        SecretMask mask = mask("abcdef", "defghi");
        assertThat(mask.apply("xx abcdefghi yy")).isEqualTo("xx " + MASK + " yy");
    }

    @Test
    void aValueWithItsLineEndingIsFoundWithout() {
        assertThat(mask(TOKEN + "\n").apply("[" + TOKEN + "]")).isEqualTo("[" + MASK + "]");
    }
}
