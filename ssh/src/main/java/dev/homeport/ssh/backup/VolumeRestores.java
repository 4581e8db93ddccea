package dev.homeport.ssh.backup;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.homeport.model.Service;
import dev.homeport.model.Volume;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.ssh.deploy.DeployService;
import dev.homeport.ssh.deploy.Labels;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.Prompts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A named volume's backups as {@link Restores} has a database's: listed with their verified marks, verified (restored
 * into a scratch volume {@code <volume>-verify-<stamp>}, its tar's sha256 and count of regular files compared with the
 * manifest, the scratch volume removed, and the result left beside the backup as {@code <stamp>.verified.json}), and
 * the old volumes a restore kept (the ones the service mounted before, which a restored volume's
 * {@code dev.homeport.restore} label names) found and dropped. The restore itself and its swap are
 * {@link BackupService#restoreVolume} and {@link BackupService#swapVolume}. Blocking; never on the FX thread.
 */
public final class VolumeRestores {
    /** The label a restore puts on the volume it makes: the volume it was restored from. */
    static final String LABEL = "dev.homeport.restore";
    /** A restore's suffix of the volume it made, {@link BackupService#restoredName}. */
    private static final Pattern RESTORED = Pattern.compile("-restore-[0-9]{8}t[0-9]{6}z$");

    private final Inventory inventory;
    private final BackupService backups;
    private final DeployService deploys;
    private final NodeService nodeService;
    private final NodeClients clients;
    private final Clock clock;

    public VolumeRestores(Inventory inventory, BackupService backups, DeployService deploys, NodeService nodeService, NodeClients clients,
                          Clock clock) {
        this.inventory = inventory;
        this.backups = backups;
        this.deploys = deploys;
        this.nodeService = nodeService;
        this.clients = clients;
        this.clock = clock;
    }

    /** The backups in the node's folder of a named volume, newest first, with their verified marks. */
    public List<Restores.Entry> list(BackupSubject subject, Prompts prompts) {
        String volume = volume(subject);
        NodeConnection connection = connection(subject.serviceId(), prompts);
        ExecResult listed = connection.exec(BackupCommands.list(volume));
        if (!listed.ok()) {
            throw new RestoreException("Cannot read the backups on " + connection.target().name() + ": " + listed.err().strip());
        }
        return Restores.entries(listed.out());
    }

    /**
     * Proves a volume's backup restores: into the scratch volume {@code <volume>-verify-<stamp>} (one left by a check that
     * was cut short is removed first), checked against the manifest, then removed, pass or fail; the result is written
     * beside the backup. Throws for what stops it before a check could run (no such backup, a failed one, no container
     * of the service on the node to give the image).
     */
    public BackupService.VolumeRestore verify(BackupSubject subject, String stamp, byte[] identity, Prompts prompts, Consumer<String> log) {
        String volume = volume(subject);
        try {
            BackupPaths.parseStamp(stamp);
        } catch (java.time.format.DateTimeParseException notAStamp) {
            throw new dev.homeport.model.ValidationException("stamp", "'" + stamp + "' is not a backup's stamp, such as 20261206T120000Z"
                    + " (see 'homeport backup verify SERVICE:VOLUME --list')");
        }
        String scratch = scratchName(volume, stamp);
        backups.discardVolume(subject.serviceId(), scratch, prompts);
        BackupService.VolumeRestore restore = backups.restoreVolume(subject, stamp, identity, prompts, log, v -> scratch);
        if (restore.restored() != null) {
            backups.discardVolume(subject.serviceId(), restore.restored(), prompts);
        }
        VerifiedMark mark = VerifiedMark.of(restore.verification(), clock.instant());
        ExecResult written = connection(subject.serviceId(), prompts).exec(BackupCommands.writeMark(volume, stamp), Duration.ofMinutes(1),
                mark.toJson().getBytes(StandardCharsets.UTF_8));
        if (!written.ok()) {
            throw new RestoreException("The check ran (" + mark.summary() + ") but its mark could not be written beside the backup: "
                    + written.err().strip());
        }
        return new BackupService.VolumeRestore(restore.stamp(), restore.volume(), null, restore.files(), restore.tarSha256(),
                restore.manifest(), restore.problem());
    }

    /**
     * Verifies the volume's newest good backup when it was never checked, as {@link Restores#verifyNewest} does a
     * database's. Empty when there is nothing new to check.
     */
    public Optional<BackupService.VolumeRestore> verifyNewest(BackupSubject subject, byte[] identity, Prompts prompts) {
        return list(subject, prompts).stream()
                .filter(entry -> entry.manifest() != null && entry.manifest().succeeded())
                .findFirst()
                .filter(newest -> newest.mark() == null)
                .map(newest -> verify(subject, newest.stamp(), identity, prompts, line -> { }));
    }

    /** {@code <volume>-verify-<stamp>}, lower case: a check's scratch volume, never the name a restore keeps. */
    static String scratchName(String volume, String stamp) {
        String name = volume + "-verify-" + stamp.toLowerCase(Locale.ROOT);
        if (name.length() > 128) {
            throw new BackupException("The scratch volume's name would be longer than Docker allows: " + name);
        }
        return name;
    }

    /**
     * The old volumes restores kept of a service's named volumes, still on its node: for each volume it mounts, the one
     * it was restored from (its name less {@code -restore-<stamp>}), and that one's own, as long as the node has it
     * and a volume a restore made names it as where it came from. The ones the service mounts are never among them.
     */
    public List<String> oldVolumes(long serviceId, Prompts prompts) {
        return oldVolumes(inventory.service(serviceId), docker(serviceId, prompts));
    }

    private static List<String> oldVolumes(Service service, DockerClient docker) {
        Set<String> mounted = new LinkedHashSet<>(service.options().volumes().stream().filter(Volume::named).map(Volume::source).toList());
        Map<String, Map<String, String>> onNode = new HashMap<>();
        List<InspectVolumeResponse> volumes = docker.listVolumesCmd().exec().getVolumes();
        for (InspectVolumeResponse v : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
            onNode.put(v.getName(), v.getLabels() == null ? Map.of() : v.getLabels());
        }
        Set<String> restoredFrom = new LinkedHashSet<>();
        onNode.values().forEach(labels -> {
            if (labels.get(LABEL) != null) {
                restoredFrom.add(labels.get(LABEL));
            }
        });
        Set<String> old = new LinkedHashSet<>();
        for (String volume : mounted) {
            String name = volume;
            for (var m = RESTORED.matcher(name); m.find(); m = RESTORED.matcher(name)) {
                name = name.substring(0, m.start());
                if (!mounted.contains(name) && onNode.containsKey(name) && restoredFrom.contains(name)) {
                    old.add(name);
                }
            }
        }
        return new ArrayList<>(old);
    }

    /**
     * Removes an old volume a restore kept (one of {@link #oldVolumes}), with the stopped containers of the service's
     * releases from before the restore that mount it (a rollback to one of them would bring the old data back). Refused
     * while a running container, or any container of another service, uses it. Returns how many containers went.
     */
    public int dropOldVolume(long serviceId, String volume, Prompts prompts) {
        Service service = inventory.service(serviceId);
        DockerClient docker = docker(serviceId, prompts);
        List<String> old = oldVolumes(service, docker);
        if (!old.contains(volume)) {
            throw new RestoreException(volume + " is not an old volume a restore of '" + service.name() + "' kept; its old volumes are "
                    + (old.isEmpty() ? "none" : String.join(", ", old)) + ". Nothing was removed.");
        }
        String key = Long.toString(inventory.serviceNodeKey(serviceId));
        List<Container> users = docker.listContainersCmd().withShowAll(true).withVolumeFilter(List.of(volume)).exec();
        for (Container user : users) {
            String name = user.getNames() == null || user.getNames().length == 0 ? user.getId() : user.getNames()[0].replaceFirst("^/", "");
            if ("running".equals(user.getState())) {
                throw new RestoreException(volume + " is used by the running container " + name + ". Nothing was removed.");
            }
            if (user.getLabels() == null || !key.equals(user.getLabels().get(Labels.SERVICE))) {
                throw new RestoreException(volume + " is used by the container " + name + ", which is not one of '" + service.name()
                        + "'s releases. Nothing was removed.");
            }
        }
        for (Container release : users) {
            docker.removeContainerCmd(release.getId()).withForce(true).exec();
        }
        try {
            docker.removeVolumeCmd(volume).exec();
        } catch (NotFoundException gone) {
            // removed by hand meanwhile
        } catch (ConflictException inUse) {
            throw new RestoreException(volume + " is still used by a container: " + inUse.getMessage(), inUse);
        }
        return users.size();
    }

    private String volume(BackupSubject subject) {
        if (!subject.isVolume()) {
            throw new RestoreException("A database's backups are its dumps: see Restores.");
        }
        return backups.volumeOf(subject);
    }

    private NodeConnection connection(long serviceId, Prompts prompts) {
        return nodeService.connection(deploys.dataNode(serviceId), prompts);
    }

    private DockerClient docker(long serviceId, Prompts prompts) {
        return clients.docker(connection(serviceId, prompts)).client();
    }
}
