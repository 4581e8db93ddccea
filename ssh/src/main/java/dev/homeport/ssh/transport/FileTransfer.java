package dev.homeport.ssh.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/** Copies files and folder trees to and from a node over SFTP, reporting progress as it goes. */
public final class FileTransfer {
    private static final int BUFFER = 64 * 1024;

    /** Told after every chunk: bytes done so far, bytes in all, and the file being copied. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total, String file);

        Progress NONE = (done, total, file) -> { };
    }

    private final NodeConnection connection;

    FileTransfer(NodeConnection connection) {
        this.connection = connection;
    }

    public void upload(Path local, String remote, Progress progress) {
        run(sftp -> {
            long total = Files.size(local);
            copyUp(sftp, local, remote, new long[] {0}, total, progress);
        });
    }

    /** Uploads a folder and everything in it; folders are created as needed. */
    public void uploadTree(Path localFolder, String remoteFolder, Progress progress) {
        run(sftp -> {
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(localFolder)) {
                paths = walk.sorted().toList();
            }
            long total = 0;
            for (Path path : paths) {
                total += Files.isRegularFile(path) ? Files.size(path) : 0;
            }
            long[] done = {0};
            for (Path path : paths) {
                String remote = remoteFolder + (path.equals(localFolder) ? "" : "/" + localFolder.relativize(path).toString().replace('\\', '/'));
                if (Files.isDirectory(path)) {
                    mkdirs(sftp, remote);
                } else if (Files.isRegularFile(path)) {
                    copyUp(sftp, path, remote, done, total, progress);
                }
            }
        });
    }

    public void download(String remote, Path local, Progress progress) {
        run(sftp -> {
            long total = sftp.stat(remote).getSize();
            copyDown(sftp, remote, local, new long[] {0}, total, progress);
        });
    }

    /**
     * Streams a file of this node into a file of another node ({@code other}), through this machine: read by SFTP here,
     * written by SFTP there, never on this machine's disk. Folders of {@code otherRemote} are made as needed.
     */
    public void copyTo(String remote, FileTransfer other, String otherRemote, Progress progress) {
        run(from -> {
            long total = from.stat(remote).getSize();
            other.run(to -> {
                int slash = otherRemote.lastIndexOf('/');
                if (slash > 0) {
                    mkdirs(to, otherRemote.substring(0, slash));
                }
                try (InputStream in = from.read(remote); OutputStream out = to.write(otherRemote)) {
                    pump(in, out, new long[] {0}, total, remote, progress);
                }
            });
        });
    }

    /** Downloads a folder and everything in it. */
    public void downloadTree(String remoteFolder, Path localFolder, Progress progress) {
        run(sftp -> {
            List<String[]> files = new ArrayList<>();
            long total = collect(sftp, remoteFolder, "", files);
            long[] done = {0};
            Files.createDirectories(localFolder);
            for (String[] file : files) {
                Path local = localFolder.resolve(file[1]);
                if (file[0] == null) {
                    Files.createDirectories(local);
                } else {
                    Files.createDirectories(local.getParent());
                    copyDown(sftp, file[0], local, done, total, progress);
                }
            }
        });
    }

    private interface SftpWork {
        void run(SftpClient sftp) throws IOException;
    }

    private void run(SftpWork work) {
        try (NodeConnection.Lease ignored = connection.lease()) {
            ClientSession session = connection.session();
            try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
                work.run(sftp);
            } catch (IOException e) {
                throw session.isOpen()
                        ? new NodeException(NodeException.Kind.PROTOCOL, "File transfer with " + connection.target().name() + " failed: " + e.getMessage(), e)
                        : connection.dropped(session, e);
            }
        }
    }

    private static void copyUp(SftpClient sftp, Path local, String remote, long[] done, long total, Progress progress) throws IOException {
        try (InputStream in = Files.newInputStream(local); OutputStream out = sftp.write(remote)) {
            pump(in, out, done, total, remote, progress);
        }
        if (Files.getFileStore(local).supportsFileAttributeView("posix")) {
            SftpClient.Attributes attributes = new SftpClient.Attributes();
            attributes.setPermissions(mode(Files.getPosixFilePermissions(local)));
            sftp.setStat(remote, attributes);
        }
    }

    private static void copyDown(SftpClient sftp, String remote, Path local, long[] done, long total, Progress progress) throws IOException {
        try (InputStream in = sftp.read(remote); OutputStream out = Files.newOutputStream(local)) {
            pump(in, out, done, total, remote, progress);
        }
    }

    private static void pump(InputStream in, OutputStream out, long[] done, long total, String file, Progress progress) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            out.write(buffer, 0, read);
            done[0] += read;
            progress.update(done[0], total, file);
        }
    }

    private static void mkdirs(SftpClient sftp, String folder) throws IOException {
        StringBuilder path = new StringBuilder(folder.startsWith("/") ? "/" : "");
        for (String part : folder.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            path.append(part);
            try {
                if (!sftp.stat(path.toString()).isDirectory()) {
                    throw new IOException(path + " exists and is not a folder");
                }
            } catch (org.apache.sshd.sftp.common.SftpException missing) {
                sftp.mkdir(path.toString());
            }
            path.append('/');
        }
    }

    /** Lists a remote tree: {remote path, relative path} pairs, with a null remote path for folders. */
    private static long collect(SftpClient sftp, String remote, String relative, List<String[]> into) throws IOException {
        long total = 0;
        for (SftpClient.DirEntry entry : sftp.readDir(remote)) {
            String name = entry.getFilename();
            if (name.equals(".") || name.equals("..")) {
                continue;
            }
            String child = remote + "/" + name;
            String childRelative = relative.isEmpty() ? name : relative + "/" + name;
            if (entry.getAttributes().isDirectory()) {
                into.add(new String[] {null, childRelative});
                total += collect(sftp, child, childRelative, into);
            } else if (entry.getAttributes().isRegularFile()) {
                into.add(new String[] {child, childRelative});
                total += entry.getAttributes().getSize();
            }
        }
        return total;
    }

    private static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }
}
