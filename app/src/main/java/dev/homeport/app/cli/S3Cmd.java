package dev.homeport.app.cli;

import dev.homeport.model.S3Target;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.backup.S3Copy;
import dev.homeport.ssh.backup.S3Exception;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code homeport s3}: an organisation's S3-compatible storage for copies of its backups. */
@Command(name = "s3", description = {"Add, list, test and remove an organisation's S3-compatible storage for copies of backups.",
        "A node's rclone copies a backup there, with the secret key on its standard input, never on a command line or in a file."})
final class S3Cmd extends GroupCmd {
    private final CliContext context;
    private final Items items;

    S3Cmd(CliContext context) {
        this.context = context;
        this.items = new Items(context);
    }

    @Command(name = "add", description = {"Keep an S3 target, its secret access key sealed in the vault.",
            "The secret key is typed without echo at a terminal, or read from --secret-file (- for standard input), or piped in.",
            "Objects go under PREFIX/NODE/FOLDER/FILE, FOLDER being the backup's folder on the node (its data volume's name)."})
    void add(@Parameters(paramLabel = "ORG") String org,
             @Parameters(paramLabel = "NAME", description = "The target's name in the organisation (lower-case letters, digits, hyphens).") String name,
             @Option(names = "--endpoint", required = true, paramLabel = "URL",
                     description = "The S3 service, such as https://s3.eu-central-1.amazonaws.com or http://minio.lan:9000.") String endpoint,
             @Option(names = "--bucket", required = true, paramLabel = "BUCKET", description = "An existing bucket; Homeport does not create it.") String bucket,
             @Option(names = "--prefix", paramLabel = "PREFIX", description = "A key prefix, folders separated by '/'.") String prefix,
             @Option(names = "--region", paramLabel = "REGION", description = "The region to sign for, when the service needs one.") String region,
             @Option(names = "--access-key", required = true, paramLabel = "ID", description = "The access key id.") String accessKey,
             @Option(names = "--secret-file", paramLabel = "FILE") Path secretFile) {
        long organisationId = items.resolve(InventoryPath.parse(org, Level.ORGANISATION)).id();
        var targets = context.inventory().s3Targets();
        // Everything but the secret is checked before it is asked for.
        S3Target checked = new S3Target(0, organisationId, name, endpoint == null ? null : endpoint.strip(), region,
                bucket == null ? null : bucket.strip(), prefix, accessKey == null ? null : accessKey.strip(),
                new dev.homeport.model.vault.Sealed("v1.unchecked"));
        if (targets.list(organisationId).stream().anyMatch(t -> t.name().equals(checked.name()))) {
            throw new dev.homeport.model.ValidationException("name", "organisation '" + org + "' already has an S3 target named '" + name
                    + "'; remove it first to change it");
        }
        String secret = ValueInput.secret(secretFile, context.terminal(), "Secret key for " + checked.accessKeyId() + ": ");
        S3Target saved = targets.add(organisationId, checked.name(), checked.endpoint(), checked.region(), checked.bucket(), checked.prefix(),
                checked.accessKeyId(), Secret.of(ValueInput.oneLine(secret, "secret key")));
        context.output().line("Kept the S3 target " + saved.name() + " (" + saved.location() + ") in organisation '" + org + "'.");
    }

    @Command(name = "list", description = "List an organisation's S3 targets (never their secret keys).")
    void list(@Parameters(paramLabel = "ORG") String org, @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        long organisationId = items.resolve(InventoryPath.parse(org, Level.ORGANISATION)).id();
        context.output().list(json, context.inventory().s3Targets().list(organisationId).stream().map(Row::new).toList());
    }

    @Command(name = "remove", description = "Forget an S3 target and its sealed secret key; the objects already copied stay in the bucket.")
    void remove(@Parameters(paramLabel = "ORG") String org, @Parameters(paramLabel = "NAME") String name) {
        long organisationId = items.resolve(InventoryPath.parse(org, Level.ORGANISATION)).id();
        if (!context.inventory().s3Targets().remove(organisationId, name)) {
            throw new CliException(Cli.FAILED, "Organisation '" + org + "' has no S3 target named '" + name + "'.");
        }
        context.output().line("Removed the S3 target " + name + " from organisation '" + org + "'.");
    }

    @Command(name = "test", description = {"Check an S3 target from a node: its rclone lists the bucket with the stored key, as a copy would.",
            "Exit 0 when S3 answers; otherwise the error says whether S3 refused the access key, has no such bucket, or cannot be"
                    + " reached from the node."})
    void test(@Parameters(paramLabel = "ORG") String org, @Parameters(paramLabel = "NAME") String name,
              @Option(names = "--node", required = true, paramLabel = "NODE", description = "The node whose rclone checks the target.") String node) {
        long organisationId = items.resolve(InventoryPath.parse(org, Level.ORGANISATION)).id();
        var targets = context.inventory().s3Targets();
        S3Target target = targets.list(organisationId).stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new CliException(Cli.FAILED, "Organisation '" + org + "' has no S3 target named '" + name + "'."));
        NodeCalls calls = new NodeCalls(context, spec.commandLine().getErr());
        WorkerNode from = calls.node(node);
        Secret secret = targets.secretKey(target);
        try {
            int entries = calls.connect(from, prompts -> new S3Copy(calls.service().connection(from, prompts), from.name(), target, secret).test());
            context.output().line("S3 target " + target.name() + " works: node " + from.name() + " listed " + target.location()
                    + " (" + entries + (entries == 1 ? " entry)." : " entries)."));
        } catch (S3Exception e) {
            throw new CliException(Cli.FAILED, e.getMessage());
        }
    }

    /** A target in a list: name, endpoint, region, bucket, prefix, access key id; never the secret. */
    record Row(String name, String endpoint, String region, String bucket, String prefix, String accessKey) implements Output.Row {
        Row(S3Target target) {
            this(target.name(), target.endpoint(), target.region(), target.bucket(), target.prefix(), target.accessKeyId());
        }

        @Override
        public List<String> cells() {
            return List.of(name, endpoint, region == null ? "-" : region, bucket, prefix == null ? "-" : prefix, accessKey);
        }
    }
}
