package dev.homeport.ssh.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a folder of copies holds (this machine's {@code database-backups/<volume>/}, or {@code _copies/<source>/<volume>/}
 * on a copy node): the manifests by stamp, the other files by name, the restore checks' marks by stamp; and what a prune
 * of it removes. Hidden files (a copy under way, {@code .NAME.part}) are never read nor removed.
 */
record CopyFolder(Map<String, BackupManifest> manifests, Set<String> files, Map<String, VerifiedMark> marks) {
    /** A backup's file: its stamp, a dot, its extension (never a manifest or a mark, which end in .json). */
    private static final Pattern BACKUP_FILE = Pattern.compile("(\\d{8}T\\d{6}Z)\\.[a-z.]+");

    /**
     * The folder as {@link BackupCommands#copyList} printed it: a JSON file as its name, a tab and its JSON on one line;
     * any other file as its name alone.
     */
    static CopyFolder parse(String listed) {
        CopyFolder folder = new CopyFolder(new HashMap<>(), new HashSet<>(), new HashMap<>());
        for (String line : listed.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                folder.files.add(line.strip());
            } else {
                folder.json(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return folder;
    }

    /** This machine's folder (empty when there is none). */
    static CopyFolder read(Path dir) throws IOException {
        CopyFolder folder = new CopyFolder(new HashMap<>(), new HashSet<>(), new HashMap<>());
        if (!Files.isDirectory(dir)) {
            return folder;
        }
        try (Stream<Path> listed = Files.list(dir)) {
            for (Path file : listed.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(file)) {
                    continue;
                }
                if (name.endsWith(".json")) {
                    folder.json(name, Files.readString(file));
                } else {
                    folder.files.add(name);
                }
            }
        }
        return folder;
    }

    private void json(String name, String json) {
        if (name.endsWith(VerifiedMark.SUFFIX)) {
            try {
                marks.put(name.substring(0, name.length() - VerifiedMark.SUFFIX.length()), VerifiedMark.parse(json));
            } catch (IllegalArgumentException unreadable) {
                // as if never checked
            }
            return;
        }
        try {
            manifests.put(name.substring(0, name.length() - ".json".length()), BackupManifest.parse(json));
        } catch (IllegalArgumentException unreadable) {
            // not a manifest Homeport wrote: left alone
        }
    }

    /** Whether the folder holds {@code stamp}'s backup whole: its manifest and the file it names. */
    boolean holds(String stamp) {
        BackupManifest m = manifests.get(stamp);
        return m != null && m.succeeded() && m.file() != null && files.contains(m.file());
    }

    /** The stamps held whole, with whether a restore check passed on each. */
    List<CopyRetention.Copy> copies() {
        List<CopyRetention.Copy> copies = new ArrayList<>();
        for (String stamp : manifests.keySet()) {
            if (holds(stamp)) {
                VerifiedMark mark = marks.get(stamp);
                copies.add(new CopyRetention.Copy(stamp, mark != null && mark.verified()));
            }
        }
        return copies;
    }

    /**
     * Halves: a good backup's manifest whose file is not there, and a backup's file without its manifest (what a prune
     * cut short, or a copy that lost its other half). A backup and its manifest go together, so neither is kept alone.
     */
    Set<String> halves() {
        Set<String> halves = new TreeSet<>();
        manifests.forEach((stamp, m) -> {
            if (m.succeeded() && m.file() != null && !files.contains(m.file())) {
                halves.add(stamp);
            }
        });
        for (String file : files) {
            Matcher matcher = BACKUP_FILE.matcher(file);
            if (matcher.matches() && !manifests.containsKey(matcher.group(1))) {
                halves.add(matcher.group(1));
            }
        }
        return halves;
    }

    /** What a prune removes: the whole backups {@link CopyRetention} lets go, then the halves; oldest first. */
    List<String> toPrune(int keepCount, int keepDays) {
        Set<String> gone = new TreeSet<>(CopyRetention.toPrune(copies(), keepCount, keepDays));
        gone.addAll(halves());
        return List.copyOf(gone);
    }

    /**
     * This folder as it would be with every good backup of {@code runs} (a source node's) and the source's marks added: what a
     * pull or a push plans its prune on, so it neither copies a backup the prune would remove at once nor prunes one that
     * a later copy would bring back.
     */
    CopyFolder plus(List<BackupRun> runs, Map<String, VerifiedMark> sourceMarks) {
        CopyFolder all = new CopyFolder(new HashMap<>(manifests), new HashSet<>(files), new HashMap<>(marks));
        for (BackupRun run : runs) {
            if (run.succeeded() && run.manifest().file() != null) {
                all.add(run.stamp(), run.manifest());
            }
        }
        all.marks.putAll(sourceMarks);
        return all;
    }

    /** Whether anything of {@code stamp}'s backup is here (its manifest, its file or its mark). */
    boolean has(String stamp) {
        return manifests.containsKey(stamp) || marks.containsKey(stamp) || files.stream().anyMatch(f -> f.startsWith(stamp + "."));
    }

    /** Records that {@code stamp}'s backup was written here whole. */
    void add(String stamp, BackupManifest manifest) {
        manifests.put(stamp, manifest);
        files.add(manifest.file());
    }

    /**
     * Removes {@code stamp}'s backup from this machine's folder {@code dir}: its manifest first (so an interrupted prune
     * leaves a file without a manifest, which the next prune finds as a half), then its file and its mark.
     */
    static void remove(Path dir, String stamp) throws IOException {
        if (!stamp.matches("\\d{8}T\\d{6}Z")) {
            throw new IllegalArgumentException("not a backup's stamp: " + stamp);
        }
        Files.deleteIfExists(dir.resolve(stamp + ".json"));
        try (Stream<Path> listed = Files.list(dir)) {
            for (Path file : listed.filter(f -> f.getFileName().toString().startsWith(stamp + ".")).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
