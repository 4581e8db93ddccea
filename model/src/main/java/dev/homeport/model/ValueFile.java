package dev.homeport.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A value read from a file (or piped input), as {@code homeport var set --from-file} and the app's "From file…" take
 * it: UTF-8 text, byte for byte, except one line ending at its very end (editors and {@code echo} add it; it is almost
 * never part of the value), at most {@value #MAX_BYTES} bytes. Linux refuses to start a process with one environment
 * string longer than 128 KiB ({@code MAX_ARG_STRLEN}), so a longer value could never reach a container. Errors are
 * {@link ValidationException}s naming the file; they never hold its text (it may be a secret).
 */
public final class ValueFile {
    public static final int MAX_BYTES = 128 * 1024;

    private ValueFile() {
    }

    /** The value in {@code file}; never empty. {@code name} names it in errors. */
    public static String read(Path file, String name) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ValidationException(name, Files.isDirectory(file) ? "is a folder, not a file" : "no such file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = read(in, name);
        }
        String value = text(bytes, name);
        if (value.isEmpty()) {
            throw new ValidationException(name, "is empty, so there is no value to set");
        }
        return value;
    }

    /** At most {@value #MAX_BYTES} bytes of {@code in}; more is refused before it is all read. */
    public static byte[] read(InputStream in, String name) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new ValidationException(name, "is larger than " + MAX_BYTES / 1024 + " KiB, the most a variable's value can hold");
        }
        return bytes;
    }

    /** {@code bytes} as UTF-8 text without one final line ending; empty when they are (the caller says what that means). */
    public static String text(byte[] bytes, String name) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notText) {
            throw new ValidationException(name, "is not UTF-8 text");
        }
        return withoutFinalLineEnding(text);
    }

    public static String withoutFinalLineEnding(String text) {
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
