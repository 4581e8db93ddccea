package dev.homeport.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/** The files the CLI reads and writes, with errors that say which file and what went wrong. */
final class CliFiles {
    private CliFiles() {
    }

    @FunctionalInterface
    interface Content {
        void writeTo(Writer writer) throws IOException;
    }

    static byte[] readBytes(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliException(Cli.FAILED, "Cannot read " + what + " " + file + ": " + reason(e), e);
        }
    }

    /** A UTF-8 text file; {@code -} reads standard input. */
    static String readText(Path file, InputStream stdin, String what) {
        String name = file.toString().equals("-") ? "standard input" : what + " " + file;
        try {
            byte[] bytes = file.toString().equals("-") ? stdin.readAllBytes() : Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CliException(Cli.BAD_INPUT, "Cannot read " + name + ": it is not UTF-8 text", e);
        } catch (IOException e) {
            throw new CliException(Cli.FAILED, "Cannot read " + name + ": " + reason(e), e);
        }
    }

    /**
     * Writes a file in one step: into a temporary file next to it, synced, then
     * moved over the target, so a reader never sees half a file. A private file
     * is created readable by its owner only (0600) from the start.
     */
    static void writeAtomically(Path target, boolean privateFile, Content content) {
        Path file = target.toAbsolutePath();
        if (Files.isDirectory(file)) {
            throw new CliException(Cli.FAILED, "Cannot write " + file + ": it is a folder");
        }
        Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createFile(temp, privateFile && isPosix(file) ? ownerOnly() : new FileAttribute<?>[0]);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 Writer writer = Channels.newWriter(channel, StandardCharsets.UTF_8)) {
                content.writeTo(new java.io.FilterWriter(writer) {
                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                });
                writer.flush();
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new CliException(Cli.FAILED, "Cannot write " + file + ": " + reason(e), e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    private static boolean isPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?>[] ownerOnly() {
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the temporary file is hidden and harmless
        }
    }

    /** Java's file exceptions often carry only the path; this says what happened. */
    static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException missing -> "no such file or folder";
            case AccessDeniedException denied -> "permission denied";
            case FileAlreadyExistsException exists -> "it already exists";
            case java.nio.file.DirectoryNotEmptyException full -> "it is a folder that is not empty";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
