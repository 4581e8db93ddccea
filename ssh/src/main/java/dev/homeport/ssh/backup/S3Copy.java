package dev.homeport.ssh.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.model.S3Target;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.NodeConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Copies a backup and its manifest from a node's backup folder to S3-compatible storage, with the node's own
 * {@code rclone} (Debian's; provisioning installs it). The S3 settings reach rclone as {@code RCLONE_CONFIG_HOMEPORTS3_*}
 * environment variables set by a fixed shell script; the values are its positional parameters, and the secret
 * access key is the first line of its standard input: it is on no command line and in no file on the node.
 *
 * <p>Objects go under {@link S3Target#folder}: {@code <prefix>/<node>/<backup folder>/<file>}, the backup folder being
 * the data volume's name that names the node's folder ({@link BackupPaths}). A copy lists that folder first and uploads
 * only the files whose object is missing or differs (size and MD5), so a second copy uploads nothing; each upload is
 * checked by rclone ({@code --checksum}) and then again against a fresh listing: the object's size and MD5 must be the
 * node file's.
 *
 * <p>The same rclone reads the bucket's folder back as a copy folder ({@link #held}: the listing, the manifests and the
 * restore checks' marks, which go up beside their backups), deletes old copies ({@link #remove}, for the retention of the
 * copies) and downloads a backup's file for a restore ({@link #fetch}).
 *
 * <p>Blocking: run it off the JavaFX thread. A failure is an {@link S3Exception} saying what S3 or the node refused.
 */
public final class S3Copy {
    /** rclone's name for the remote the environment variables describe. */
    static final String REMOTE = "homeports3";
    private static final String ENV = "RCLONE_CONFIG_" + REMOTE.toUpperCase(java.util.Locale.ROOT) + "_";
    /**
     * $1 endpoint, $2 access key id, $3 region (may be empty), then rclone's arguments; the secret key on stdin.
     * env_auth=false: rclone must not pick up other credentials from the node's environment or files.
     */
    private static final String SETTINGS = """
            IFS= read -r key || [ -n "$key" ] || { echo 'homeport: no secret key on standard input' >&2; exit 2; }
            command -v rclone >/dev/null 2>&1 || { echo 'homeport: rclone is not installed' >&2; exit 127; }
            %1$sTYPE=s3
            %1$sPROVIDER=Other
            %1$sENV_AUTH=false
            %1$sNO_CHECK_BUCKET=true
            %1$sENDPOINT=$1
            %1$sACCESS_KEY_ID=$2
            %1$sSECRET_ACCESS_KEY=$key
            unset key
            export %1$sTYPE %1$sPROVIDER %1$sENV_AUTH %1$sNO_CHECK_BUCKET %1$sENDPOINT %1$sACCESS_KEY_ID %1$sSECRET_ACCESS_KEY
            if [ -n "$3" ]; then %1$sREGION=$3; export %1$sREGION; fi
            shift 3
            """.formatted(ENV);
    private static final String RCLONE = "rclone --config '' -q --retries 2 --low-level-retries 3 --contimeout 15s";
    /** Runs rclone with the arguments after the settings. */
    static final String SCRIPT = SETTINGS + "exec " + RCLONE + " \"$@\"\n";
    /**
     * Prints the JSON files (manifests and restore checks' marks) directly in the folder $1 (after the settings) as
     * {@link BackupCommands#copyList} does, a name, a tab and the JSON on one line each: one rclone call copies them into a
     * temporary folder on the node, removed after.
     */
    static final String READ_JSON = SETTINGS + """
            d=$(mktemp -d) || exit 1
            trap 'rm -rf "$d"' EXIT
            %s copy --max-depth 1 --include '*.json' "$1" "$d" || exit $?
            for f in "$d"/*.json; do
              [ -f "$f" ] && printf '%%s\\t%%s\\n' "${f##*/}" "$(tr -d '\\n' < "$f")"
            done
            exit 0
            """.formatted(RCLONE);
    private static final Pattern FOLDER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern STAMP = Pattern.compile("[0-9]{8}T[0-9]{6}Z");
    private static final Pattern FILE = Pattern.compile("[0-9TZ]+\\.[a-z.]+");
    private static final Duration LIST_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration UPLOAD_TIMEOUT = Duration.ofHours(6);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodeConnection connection;
    private final String node;
    private final S3Target target;
    private final Secret secretKey;

    /**
     * @param connection the node's connection
     * @param node       the node's name: the objects' folder under the prefix
     * @param target     where to (the organisation's S3 target)
     * @param secretKey  its secret access key, opened from the vault ({@code inventory.s3Targets().secretKey(target)})
     */
    public S3Copy(NodeConnection connection, String node, S3Target target, Secret secretKey) {
        this.connection = connection;
        this.node = dev.homeport.model.Check.dnsLabel("node", node);
        this.target = target;
        this.secretKey = secretKey;
    }

    /** An object in a folder: its name in the folder, size, and MD5 (hex; null when S3 gave none). */
    public record S3Object(String name, long size, String md5) {
    }

    /** What one copy did: the key folder, the files uploaded and those already there, identical. */
    public record Copied(String folder, List<String> uploaded, List<String> alreadyThere) {
        public String summary() {
            String where = "s3://" + folder;
            if (uploaded.isEmpty()) {
                return "Already in " + where + ", identical: " + String.join(", ", alreadyThere) + "; nothing uploaded.";
            }
            return "Uploaded " + String.join(", ", uploaded) + " to " + where + ", checked by size and MD5"
                    + (alreadyThere.isEmpty() ? "." : "; already there: " + String.join(", ", alreadyThere) + ".");
        }
    }

    /**
     * "Test": the node's rclone lists the target's bucket (under its prefix, one level). Returns how many entries it saw.
     * Throws {@link S3Exception} when S3 refuses the key, has no such bucket or cannot be reached from the node.
     */
    public int test() {
        ExecResult result = rclone(LIST_TIMEOUT, "lsjson", "--max-depth", "1", remote(target.prefix()));
        if (!result.ok()) {
            throw failure(result, "list the bucket");
        }
        return parse(result.out()).size();
    }

    /** The objects directly in {@code <prefix>/<node>/<backupFolder>} (none when the folder does not exist yet). */
    public List<S3Object> list(String backupFolder) {
        return list(LIST_TIMEOUT, keyFolder(backupFolder));
    }

    /**
     * Copies backup {@code stamp} of {@code backupFolder} (a data volume's name, the node's folder under
     * {@value BackupPaths#ROOT}): its encrypted file and its manifest, uploading only what the target lacks or holds
     * differently, and checks every object's size and MD5 against the node's file afterwards.
     */
    public Copied copy(String backupFolder, String stamp) {
        if (!STAMP.matcher(stamp).matches()) {
            throw new BackupException("'" + stamp + "' is not a backup's stamp (such as 20261206T033000Z).");
        }
        String local = BackupPaths.folder(checkFolder(backupFolder));
        ExecResult read = connection.exec(Command.of("cat", "--", local + "/" + stamp + ".json"));
        if (!read.ok()) {
            throw new BackupException("Node " + node + " has no backup " + stamp + " in " + local + ": " + read.err().strip());
        }
        BackupManifest manifest = BackupManifest.parse(read.out());
        if (!manifest.succeeded() || manifest.file() == null) {
            throw new BackupException("Backup " + stamp + " on node " + node + " failed (" + manifest.error() + "): there is no file to copy.");
        }
        if (!FILE.matcher(manifest.file()).matches() || !manifest.file().startsWith(stamp + ".")) {
            throw new BackupException("The node's manifest " + stamp + ".json names an unexpected file '" + manifest.file() + "'.");
        }
        // The restore check's mark goes along when the node has one, so the bucket knows its verified backup (its retention keeps it).
        Map<String, S3Object> here = localObjects(local, List.of(manifest.file(), stamp + ".json", VerifiedMark.fileName(stamp)));
        List<String> names = List.copyOf(here.keySet());
        String folder = keyFolder(backupFolder);
        Map<String, S3Object> there = byName(list(LIST_TIMEOUT, folder));
        List<String> uploaded = new ArrayList<>();
        List<String> already = new ArrayList<>();
        for (String name : names) {
            if (same(here.get(name), there.get(name))) {
                already.add(name);
                continue;
            }
            ExecResult put = rclone(UPLOAD_TIMEOUT, "copyto", "--checksum", "--no-traverse", local + "/" + name, remote(folder + "/" + name));
            if (!put.ok()) {
                throw failure(put, "upload " + name);
            }
            uploaded.add(name);
        }
        Map<String, S3Object> after = byName(list(LIST_TIMEOUT, folder));
        for (String name : names) {
            S3Object mine = here.get(name);
            S3Object theirs = after.get(name);
            if (!same(mine, theirs)) {
                throw new S3Exception(S3Exception.Reason.MISMATCH, "The copy of " + name + " in s3://" + target.bucket() + "/" + folder
                        + " does not match the node's file: " + (theirs == null ? "it is not there"
                        : theirs.size() + " bytes, MD5 " + theirs.md5() + "; the node's is " + mine.size() + " bytes, MD5 " + mine.md5()) + ".");
            }
        }
        return new Copied(target.bucket() + "/" + folder, List.copyOf(uploaded), List.copyOf(already));
    }

    /**
     * What the bucket holds of {@code backupFolder}, read as a copy folder is ({@link CopyFolder}): every object's name from
     * the listing, and the manifests' and restore checks' marks' contents, read by one rclone call that copies the JSON files
     * into a temporary folder on the node (removed after). A prune plans on it alone, never on the source.
     */
    CopyFolder held(String backupFolder) {
        String folder = keyFolder(backupFolder);
        StringBuilder listed = new StringBuilder();
        boolean json = false;
        for (S3Object object : list(LIST_TIMEOUT, folder)) {
            if (object.name().endsWith(".json")) {
                json = true;
            } else if (!object.name().contains("\n") && !object.name().contains("\t")) {
                listed.append(object.name()).append('\n');
            }
        }
        if (json) {
            ExecResult read = rclone(READ_JSON, LIST_TIMEOUT, remote(folder));
            if (!read.ok()) {
                throw failure(read, "read the manifests in s3://" + target.bucket() + "/" + folder);
            }
            listed.append(read.out());
        }
        return CopyFolder.parse(listed.toString());
    }

    /**
     * Removes {@code stamps}' backups from the bucket's copy of {@code backupFolder}: their manifests first (a prune cut short
     * leaves a file without its manifest, which the next prune finds as a half), then their files and marks; then checks by
     * a fresh listing that none of their objects is left. Deleting goes through the node's rclone, as the upload does.
     */
    public void remove(String backupFolder, List<String> stamps) {
        for (String stamp : stamps) {
            if (!STAMP.matcher(stamp).matches()) {
                throw new BackupException("'" + stamp + "' is not a backup's stamp (such as 20261206T033000Z).");
            }
        }
        String folder = keyFolder(backupFolder);
        for (int i = 0; i < stamps.size(); i += 100) {
            List<String> batch = stamps.subList(i, Math.min(stamps.size(), i + 100));
            for (boolean manifests : new boolean[] {true, false}) {
                List<String> arguments = new ArrayList<>(List.of("delete", "--max-depth", "1"));
                // rclone's filter: a leading / anchors the name to the folder; a stamp and its extensions hold no pattern character.
                batch.forEach(stamp -> arguments.addAll(List.of("--include", "/" + stamp + (manifests ? ".json" : ".*"))));
                arguments.add(remote(folder));
                ExecResult removed = rclone(SCRIPT, LIST_TIMEOUT, arguments.toArray(String[]::new));
                if (!removed.ok()) {
                    throw failure(removed, "delete old copies in s3://" + target.bucket() + "/" + folder);
                }
            }
        }
        java.util.Set<String> gone = new java.util.HashSet<>(stamps);
        List<String> left = list(LIST_TIMEOUT, folder).stream().map(S3Object::name)
                .filter(name -> name.length() > 16 && name.charAt(16) == '.' && gone.contains(name.substring(0, 16))).toList();
        if (!left.isEmpty()) {
            throw new S3Exception(S3Exception.Reason.FAILED, "The old copies " + String.join(", ", left) + " are still in s3://"
                    + target.bucket() + "/" + folder + " after rclone deleted them.");
        }
    }

    /**
     * Downloads the object {@code name} of {@code backupFolder}'s key folder into the folder {@code dir} on the node
     * ({@code rclone copyto}, which checks what it downloaded against the object's MD5 where S3 gives one).
     */
    void fetch(String backupFolder, String name, String dir) {
        if (!FILE.matcher(name).matches()) {
            throw new BackupException("'" + name + "' is not a backup's file name.");
        }
        String folder = keyFolder(backupFolder);
        ExecResult got = rclone(UPLOAD_TIMEOUT, "copyto", remote(folder + "/" + name), dir + "/" + name);
        if (!got.ok()) {
            throw failure(got, "download " + name + " from s3://" + target.bucket() + "/" + folder);
        }
    }

    /** The key folder of a backup folder on this node: {@code <prefix>/<node>/<backupFolder>}. */
    public String keyFolder(String backupFolder) {
        return target.folder(node, checkFolder(backupFolder));
    }

    private static String checkFolder(String backupFolder) {
        if (backupFolder == null || !FOLDER.matcher(backupFolder).matches()) {
            throw new BackupException("'" + backupFolder + "' is not a backup folder's name (a volume's name).");
        }
        return backupFolder;
    }

    private static boolean same(S3Object mine, S3Object theirs) {
        return mine != null && theirs != null && mine.size() == theirs.size() && theirs.md5() != null && theirs.md5().equalsIgnoreCase(mine.md5());
    }

    private Map<String, S3Object> localObjects(String folder, List<String> names) {
        String script = """
                cd "$1" || exit 1
                shift
                for f in "$@"; do
                  if [ ! -f "$f" ]; then
                    case "$f" in *.verified.json) continue ;; esac
                    echo "no file $f" >&2; exit 1
                  fi
                  printf '%s %s %s\\n' "$(stat -c %s -- "$f")" "$(md5sum < "$f" | cut -d ' ' -f 1)" "$f"
                done
                """;
        List<String> values = new ArrayList<>(List.of(folder));
        values.addAll(names);
        ExecResult result = connection.exec(Command.script(script, values.toArray(String[]::new)), LIST_TIMEOUT, null);
        if (!result.ok()) {
            throw new BackupException("Cannot read the backup's files in " + folder + " on node " + node + ": " + result.err().strip());
        }
        Map<String, S3Object> found = new LinkedHashMap<>();
        for (String line : result.out().split("\n")) {
            String[] parts = line.strip().split(" ", 3);
            if (parts.length == 3) {
                found.put(parts[2], new S3Object(parts[2], Long.parseLong(parts[0]), parts[1]));
            }
        }
        return found;
    }

    private List<S3Object> list(Duration timeout, String folder) {
        ExecResult result = rclone(timeout, "lsjson", "--hash", "--files-only", remote(folder));
        if (!result.ok()) {
            throw failure(result, "list s3://" + target.bucket() + "/" + folder);
        }
        List<S3Object> objects = new ArrayList<>();
        for (JsonNode entry : parse(result.out())) {
            if (!entry.path("IsDir").asBoolean(false)) {
                JsonNode md5 = entry.path("Hashes").path("md5");
                objects.add(new S3Object(entry.path("Name").asText(), entry.path("Size").asLong(-1), md5.isTextual() ? md5.asText() : null));
            }
        }
        return objects;
    }

    private static Map<String, S3Object> byName(List<S3Object> objects) {
        Map<String, S3Object> map = new LinkedHashMap<>();
        objects.forEach(o -> map.put(o.name(), o));
        return map;
    }

    private static List<JsonNode> parse(String json) {
        try {
            JsonNode tree = JSON.readTree(json.isBlank() ? "[]" : json);
            List<JsonNode> entries = new ArrayList<>();
            tree.forEach(entries::add);
            return entries;
        } catch (IOException e) {
            throw new BackupException("rclone's listing was not JSON: " + e.getMessage(), e);
        }
    }

    private String remote(String key) {
        return REMOTE + ":" + target.bucket() + (key == null || key.isEmpty() ? "" : "/" + key);
    }

    /** Runs the node's rclone with the target's settings; the secret goes on standard input, nowhere else. */
    private ExecResult rclone(Duration timeout, String... arguments) {
        return rclone(SCRIPT, timeout, arguments);
    }

    /** Runs {@code script} (the settings, then rclone) with the target's settings and {@code arguments}; the secret on stdin. */
    private ExecResult rclone(String script, Duration timeout, String... arguments) {
        List<String> values = new ArrayList<>(List.of(target.endpoint(), target.accessKeyId(), Optional.ofNullable(target.region()).orElse("")));
        values.addAll(Arrays.asList(arguments));
        byte[] stdin = (secretKey.reveal() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            return connection.exec(Command.script(script, values.toArray(String[]::new)), timeout, stdin);
        } finally {
            Arrays.fill(stdin, (byte) 0);
        }
    }

    /** What S3 or the node refused, in words; rclone's own last line as the detail. */
    S3Exception failure(ExecResult result, String doing) {
        String err = result.err();
        String detail = detail(err);
        String at = " at " + target.endpoint();
        if (result.exitStatus() == 127 || err.contains("homeport: rclone is not installed")) {
            return new S3Exception(S3Exception.Reason.NO_RCLONE, "rclone is not installed on node " + node
                    + ": run Provision on it (it installs rclone with age and cron).");
        }
        if (err.contains("SignatureDoesNotMatch")) {
            return new S3Exception(S3Exception.Reason.REFUSED_KEY, "S3 refused the access key " + target.accessKeyId() + at
                    + ": the secret key does not match it (could not " + doing + ").");
        }
        if (err.contains("InvalidAccessKeyId")) {
            return new S3Exception(S3Exception.Reason.REFUSED_KEY, "S3 refused the access key " + target.accessKeyId() + at
                    + ": it knows no such access key (could not " + doing + ").");
        }
        if (err.contains("AccessDenied") || err.contains("Forbidden")) {
            return new S3Exception(S3Exception.Reason.REFUSED_KEY, "S3 refused the access key " + target.accessKeyId() + at
                    + ": it may not " + doing + " (" + detail + ").");
        }
        if (err.contains("NoSuchBucket") || err.contains("directory not found")) {
            return new S3Exception(S3Exception.Reason.NO_BUCKET, "There is no bucket '" + target.bucket() + "'" + at
                    + " (or the key cannot see it): could not " + doing + ". Make the bucket first; Homeport does not create it.");
        }
        if (err.contains("dial tcp") || err.contains("no such host") || err.contains("connection refused") || err.contains("i/o timeout")
                || err.contains("send request failed") || err.contains("x509") || err.contains("tls:") || err.contains("certificate")) {
            return new S3Exception(S3Exception.Reason.UNREACHABLE, "Node " + node + " cannot reach the S3 endpoint " + target.endpoint()
                    + ": " + detail);
        }
        return new S3Exception(S3Exception.Reason.FAILED, "Could not " + doing + " on " + target.location() + " from node " + node
                + " (rclone exit status " + result.exitStatus() + "): " + detail);
    }

    private static String detail(String err) {
        String last = "";
        for (String line : err.split("\n")) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("status code:")) {
                continue;
            }
            last = stripped.replaceFirst("^\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} ", "");
        }
        return last.length() > 400 ? last.substring(0, 400) + "…" : last;
    }
}
