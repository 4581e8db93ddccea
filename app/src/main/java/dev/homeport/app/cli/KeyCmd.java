package dev.homeport.app.cli;

import dev.homeport.app.cli.Shapes.KeyDetails;
import dev.homeport.app.cli.Shapes.KeyFingerprint;
import dev.homeport.app.cli.Shapes.KeyRow;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.SshIdentity;
import dev.homeport.model.ValidationException;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.NotFoundException;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.keys.KeyInstaller;
import dev.homeport.ssh.keys.SshKeys;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.transport.NodeException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "key", description = "Create, import, list, show, install and remove the SSH keys kept in Homeport's vault.")
final class KeyCmd extends GroupCmd {
    private final CliContext context;

    KeyCmd(CliContext context) {
        this.context = context;
    }

    @Command(name = "generate", description = {
            "Create an ed25519 key pair and keep it in the vault, where it is encrypted; it needs no passphrase of its own.",
            "With --file, write the pair to FILE and FILE.pub instead, as ssh-keygen does."})
    void generate(@Parameters(paramLabel = "NAME", description = "The key's name: lower-case letters, digits and hyphens.") String name,
                  @Option(names = "--comment", paramLabel = "TEXT", description = "The comment at the end of the public key line"
                          + " (default: NAME).") String comment,
                  @Option(names = "--file", paramLabel = "FILE", description = "Write the private key to FILE (readable by you only)"
                          + " and the public key to FILE.pub, not to the vault. Existing files are never overwritten.") Path file,
                  @Option(names = "--passphrase", description = "With --file: encrypt the private key with a passphrase,"
                          + " typed twice at the terminal.") boolean passphrase) {
        String keyComment = comment == null ? name : comment;
        if (keyComment.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
            throw new ValidationException("--comment", "must be one line of text without control characters");
        }
        if (file == null) {
            if (passphrase) {
                throw new ValidationException("--passphrase", "applies only with --file: the vault encrypts the keys it keeps");
            }
            SshKeys.KeyText key = SshKeys.generateEd25519(keyComment, null);
            SshIdentity saved = context.homeport().keys().add(name, key.publicKey(), key.privateKey());
            context.output().line("Created key '" + saved.name() + "' in the vault: " + KeyFingerprint.of(saved.publicKey()).text());
            context.output().line(saved.publicKey());
            return;
        }
        Path publicFile = file.resolveSibling(file.getFileName() + ".pub");
        refuseExisting(file);
        refuseExisting(publicFile);
        Secret secret = passphrase ? askNewPassphrase() : null;
        SshKeys.KeyText key = SshKeys.generateEd25519(keyComment, secret);
        writeNew(file, key.privateKey().reveal(), true);
        try {
            writeNew(publicFile, key.publicKey() + "\n", false);
        } catch (CliException e) {
            deleteQuietly(file);
            throw e;
        }
        context.output().line("Wrote the private key to " + file + (secret == null ? "" : ", encrypted with your passphrase,")
                + " and the public key to " + publicFile + ": " + KeyFingerprint.of(key.publicKey()).text());
        context.output().line(key.publicKey());
    }

    @Command(name = "import", description = {"Keep an existing private key in the vault (OpenSSH or PEM; ed25519, ECDSA or RSA).",
            "A key protected by a passphrase is opened with it, asked at the terminal, and kept without it: the vault encrypts it."})
    void importKey(@Parameters(paramLabel = "NAME", description = "The key's name in Homeport.") String name,
                   @Parameters(paramLabel = "FILE", description = "The private key file, such as ~/.ssh/id_ed25519, or - for stdin.")
                   Path file) {
        String text = CliFiles.readText(file, context.terminal().stdin(), "the key file");
        // Checked before the passphrase is asked.
        if (context.homeport().keys().identities().stream().anyMatch(k -> k.name().equals(name))) {
            throw new ValidationException("name", "an SSH key named '" + name + "' already exists");
        }
        SshKeys.KeyText key = SshKeys.importKey(name, Secret.of(text), new TerminalPrompts(context.terminal()));
        SshIdentity saved = context.homeport().keys().add(name, key.publicKey(), key.privateKey());
        context.output().line("Imported key '" + saved.name() + "' into the vault: " + KeyFingerprint.of(saved.publicKey()).text());
    }

    @Command(name = "list", description = "List the keys in the vault: name, type, fingerprint and comment.")
    void list(@Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        context.output().list(json, context.homeport().keys().identities().stream().map(KeyRow::of).toList());
    }

    @Command(name = "show", description = "Print a key's public key line, to copy into a server's authorized_keys;"
            + " with --json, also its fingerprint and the nodes that use it.")
    void show(@Parameters(paramLabel = "NAME") String name,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        SshIdentity key = context.homeport().keys().identity(name);
        if (json) {
            context.output().details(true, KeyDetails.of(key, nodesUsing(key)));
        } else {
            context.output().line(key.publicKey());
        }
    }

    @Command(name = "remove", description = "Remove a key from the vault; refused while a node logs in with it.")
    void remove(@Parameters(paramLabel = "NAME") String name,
                @Option(names = {"-y", "--yes"}, description = Confirmation.YES_HELP) boolean yes) {
        KeyInventory keys = context.homeport().keys();
        SshIdentity key = keys.identity(name);
        List<String> users = nodesUsing(key);
        if (!users.isEmpty()) {
            throw new CliException(Cli.FAILED, "Key '" + key.name() + "' is used by node(s) " + String.join(", ", users)
                    + "; remove them or give them another identity first. Nothing was removed.");
        }
        context.output().line("Remove key '" + key.name() + "' (" + KeyFingerprint.of(key.publicKey()).text() + ")?"
                + "\nServers that authorized it keep it in their authorized_keys.");
        if (!yes) {
            Confirmation.removal(context.terminal());
        }
        keys.remove(key.id());
        context.output().line("Removed key '" + key.name() + "'.");
    }

    @Command(name = "install", description = {
            "Add a key to a server's ~/.ssh/authorized_keys, as ssh-copy-id does; a key already there is not added again.",
            "For USER@HOST, Homeport logs in once with the password, typed at the terminal and not kept;"
                    + " for a NODE, it logs in as the node does."})
    void install(@Parameters(paramLabel = "NAME", description = "The key in the vault.") String name,
                 @Parameters(paramLabel = "NODE|USER@HOST[:PORT]", description = "A Worker Node, or a server.") String target,
                 @Option(names = HostKeyCheck.ACCEPT_OPTION, description = HostKeyCheck.ACCEPT_HELP) boolean acceptNewHostKey) {
        SshIdentity key = context.homeport().keys().identity(name);
        NodeService service = context.homeport().nodeService();
        boolean isNode = !target.contains("@");
        WorkerNode server = isNode ? node(target) : passwordLogin(target);
        HostKeyCheck check = new HostKeyCheck(context.terminal(), spec.commandLine().getErr(), acceptNewHostKey, HostKeyCheck.AT_A_TERMINAL);
        TerminalPrompts prompts = new TerminalPrompts(context.terminal());
        KeyInstaller.Outcome outcome;
        try {
            outcome = check.connect(() -> KeyInstaller.install(service.connection(server, prompts), key.publicKey()),
                    e -> {
                        if (isNode) {
                            service.acceptHostKey(server, e);
                        } else {
                            service.trustHostKey(e);
                        }
                    });
        } catch (NodeException e) {
            if (isNode && e.kind() == NodeException.Kind.AUTH_FAILED) {
                throw new CliException(Cli.FAILED, e.getMessage() + " To log in with a password instead, give USER@HOST[:PORT].", e);
            }
            throw e;
        }
        context.output().line(outcome == KeyInstaller.Outcome.ADDED
                ? "Added key '" + key.name() + "' to ~/.ssh/authorized_keys of " + server.address() + "."
                : "Key '" + key.name() + "' was already present in ~/.ssh/authorized_keys of " + server.address() + "; nothing changed.");
    }

    private WorkerNode node(String name) {
        try {
            return context.homeport().nodes().node(name);
        } catch (NotFoundException e) {
            throw new NotFoundException(e.getMessage() + " To install on a server that is not a node, give USER@HOST[:PORT].");
        }
    }

    /** A server reached once with a password that is asked and never stored; it is not saved as a node. */
    static WorkerNode passwordLogin(String target) {
        return KeyInstaller.passwordLogin(target);
    }

    private List<String> nodesUsing(SshIdentity key) {
        return context.homeport().nodes().nodes().stream()
                .filter(n -> n.identity() instanceof NodeIdentity.StoredKey stored && stored.identityId() == key.id())
                .map(WorkerNode::name).toList();
    }

    /** A passphrase for a key file, typed twice. */
    private Secret askNewPassphrase() {
        Terminal terminal = context.terminal();
        if (!terminal.interactive()) {
            throw new CliException(Cli.BAD_INPUT, "--passphrase needs a terminal to type the passphrase at;"
                    + " passphrases are never taken as arguments.");
        }
        char[] first = terminal.readPassword("Passphrase for the new key: ");
        if (first == null) {
            throw new CliException(Cli.FAILED, "Cancelled: no passphrase was given; nothing was written.");
        }
        char[] again = terminal.readPassword("The same passphrase again: ");
        try {
            if (first.length == 0) {
                throw new CliException(Cli.BAD_INPUT, "The passphrase is empty; leave out --passphrase for a key without one.");
            }
            if (!Arrays.equals(first, again)) {
                throw new CliException(Cli.BAD_INPUT, "The two passphrases differ; nothing was written.");
            }
            return Secret.of(first);
        } finally {
            Arrays.fill(first, '\0');
            if (again != null) {
                Arrays.fill(again, '\0');
            }
        }
    }

    private static void refuseExisting(Path file) {
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new CliException(Cli.FAILED, file + " already exists; nothing was written (Homeport never overwrites a key file).");
        }
    }

    /** Creates a file that must not exist yet; a private one is readable by its owner only (0600) from the start. */
    private static void writeNew(Path file, String content, boolean privateFile) {
        boolean posix = file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = !posix ? new FileAttribute<?>[0] : new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(privateFile ? "rw-------" : "rw-r--r--"))};
        try (OutputStream out = Files.newOutputStream(Files.createFile(file, attributes), StandardOpenOption.WRITE)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (FileAlreadyExistsException e) {
            throw new CliException(Cli.FAILED, file + " already exists; nothing was written (Homeport never overwrites a key file).", e);
        } catch (IOException e) {
            throw new CliException(Cli.FAILED, "Cannot write " + file + ": " + CliFiles.reason(e), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // nothing more to do: the error that brought us here is reported
        }
    }
}
