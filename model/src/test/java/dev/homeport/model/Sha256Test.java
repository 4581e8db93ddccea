package dev.homeport.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sums a node's {@code sha256sum} is compared with: the same for text, bytes and a file of more than one read. */
class Sha256Test {
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void textBytesAndFilesGiveTheStandardSum(@TempDir Path folder) throws Exception {
        assertThat(Sha256.hex("abc")).isEqualTo(ABC);
        assertThat(Sha256.hex("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isEqualTo(ABC);
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Path file = Files.write(folder.resolve("big"), big);
        assertThat(Sha256.hex(file)).isEqualTo(Sha256.hex(big)).hasSize(64).matches("[0-9a-f]+");
    }
}
