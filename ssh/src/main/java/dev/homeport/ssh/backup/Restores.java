package dev.homeport.ssh.backup;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import dev.homeport.model.Database;
import dev.homeport.model.Deployment;
import dev.homeport.model.VariableScope;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.ssh.deploy.ConfigSnapshot;
import dev.homeport.ssh.deploy.Labels;
import dev.homeport.ssh.deploy.ServiceNodes;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Restores and verifications of a database's backups, for the command line and the desktop: finds
 * the database's node ({@link ServiceNodes#dataNode}: on a cluster, the node it is pinned to) and its
 * running container there (on a cluster, its Swarm replica), and runs a {@link ScratchRestore} beside it. The swap itself is the caller's second step, after the user saw the check and confirmed:
 * {@link BackupService#swapDataVolume} changes the database's data volume in the store (keeping the old one on record, and moving its backup schedule along), and
 * the caller redeploys the database (a deploy opens the restored volume). Blocking; never on the FX thread.
 */
public final class Restores {
    private final Inventory inventory;
    private final DeploymentHistory history;
    private final NodeService nodeService;
    private final NodeClients clients;
    private final ServiceNodes serviceNodes;

    public Restores(Inventory inventory, NodeInventory nodes, DeploymentHistory history, NodeService nodeService, NodeClients clients) {
        this.inventory = inventory;
        this.history = history;
        this.nodeService = nodeService;
        this.clients = clients;
        this.serviceNodes = new ServiceNodes(inventory, nodes, history);
    }

    /** One backup in the node's folder: its manifest (null when it cannot be read) and its verified mark (null when never checked). */
    public record Entry(String stamp, BackupManifest manifest, VerifiedMark mark) {
        public boolean verified() {
            return mark != null && mark.verified();
        }
    }

    /** Checks a backup by restoring it into a scratch copy, which is then removed; the mark is left beside the manifest. */
    public ScratchRestore.Outcome verify(long serviceId, String stamp, byte[] identity, Prompts prompts, Consumer<String> log) {
        return run(serviceId, new ScratchRestore.Source.OnNode(stamp), identity, false, prompts, log);
    }

    /**
     * Verifies the database's newest good backup when it was never checked: what the app does by itself
     * with each backup it finds, so every backup is proven to restore without anyone asking. Empty when
     * there is nothing new to check.
     */
    public Optional<ScratchRestore.Outcome> verifyNewest(long serviceId, byte[] identity, Prompts prompts) {
        return list(serviceId, prompts).stream()
                .filter(entry -> entry.manifest() != null && entry.manifest().succeeded())
                .findFirst()
                .filter(newest -> newest.mark() == null)
                .map(newest -> verify(serviceId, newest.stamp(), identity, prompts, line -> { }));
    }

    /** Restores a backup into a scratch copy and checks it; the copy's volume is kept when the check passed, for {@link BackupService#swapDataVolume}. */
    public ScratchRestore.Outcome restore(long serviceId, String stamp, byte[] identity, Prompts prompts, Consumer<String> log) {
        return run(serviceId, new ScratchRestore.Source.OnNode(stamp), identity, true, prompts, log);
    }

    /**
     * Disaster recovery: a backup copied off a node (the encrypted file and its manifest) restored beside a
     * database deployed anywhere else, such as a new one on another node; kept for {@link BackupService#swapDataVolume} when it passed.
     */
    public ScratchRestore.Outcome restoreCopy(long serviceId, Path encrypted, Path manifestFile, byte[] identity, Prompts prompts,
                                              Consumer<String> log) {
        BackupManifest manifest = BackupManifest.ofCopy(encrypted, manifestFile);
        String stamp = BackupPaths.stamp(manifest.started());
        return run(serviceId, new ScratchRestore.Source.LaptopCopy(stamp, encrypted, manifest), identity, true, prompts, log);
    }

    /** Throws away a restored copy the user chose not to swap in. */
    public void discard(long serviceId, String keptVolume, Prompts prompts) {
        ScratchRestore.removeVolume(docker(serviceId, prompts), keptVolume);
    }

    /** Makes the restored volume the database's data volume in the store; returns the old one, kept. The caller redeploys. */
    /** The old data volumes a swap kept, still on the node. */
    public List<String> oldVolumes(long serviceId) {
        return inventory.databases().oldVolumes(serviceId);
    }

    /**
     * Removes an old data volume a swap kept, from the node and the record, with the stopped containers of the
     * releases from before the swap that mount it (a rollback to one of them would bring the old data back);
     * anything else is refused. Returns how many such containers went.
     */
    public int dropOldVolume(long serviceId, String volume, Prompts prompts) {
        Database database = database(serviceId);
        if (volume.equals(database.dataVolume())) {
            throw new RestoreException(volume + " is the database's data volume now; Homeport does not drop it.");
        }
        if (!oldVolumes(serviceId).contains(volume)) {
            throw new RestoreException(volume + " is not an old data volume of this database; its old volumes are "
                    + (oldVolumes(serviceId).isEmpty() ? "none" : String.join(", ", oldVolumes(serviceId))) + ".");
        }
        DockerClient docker = docker(serviceId, prompts);
        // The releases from before the swap still mount it; a rollback to one would undo the restore. They go with it.
        var releases = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.SERVICE, Long.toString(inventory.serviceNodeKey(serviceId))))
                .withVolumeFilter(List.of(volume)).exec();
        for (var release : releases) {
            if ("running".equals(release.getState())) {
                throw new RestoreException(volume + " is mounted by the running container " + release.getNames()[0]
                        + ": redeploy the database first (it opens its current data volume).");
            }
        }
        for (var release : releases) {
            docker.removeContainerCmd(release.getId()).withForce(true).exec();
        }
        try {
            docker.removeVolumeCmd(volume).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
            // removed by hand already: only the record is left
        } catch (ConflictException inUse) {
            throw new RestoreException(volume + " is still used by a container (an old release of the database?): " + inUse.getMessage(), inUse);
        }
        inventory.databases().forgetOldVolume(serviceId, volume);
        return releases.size();
    }

    /** The backups in the node's folder for the database's data volume, newest first, with their verified marks. */
    public List<Entry> list(long serviceId, Prompts prompts) {
        Database database = database(serviceId);
        NodeConnection connection = nodeService.connection(serviceNodes.dataNode(serviceId), prompts);
        var listed = connection.exec(BackupCommands.list(database.dataVolume()));
        if (!listed.ok()) {
            throw new RestoreException("Cannot read the backups on " + connection.target().name() + ": " + listed.err().strip());
        }
        return entries(listed.out());
    }

    /** The backups of a folder as {@link BackupCommands#list} printed them (manifests and marks), newest first. */
    static List<Entry> entries(String listed) {
        Map<String, BackupManifest> manifests = new TreeMap<>(java.util.Comparator.reverseOrder());
        Map<String, VerifiedMark> marks = new TreeMap<>();
        for (String line : listed.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                continue;
            }
            String file = line.substring(0, tab);
            String json = line.substring(tab + 1);
            if (file.endsWith(VerifiedMark.SUFFIX)) {
                try {
                    marks.put(file.substring(0, file.length() - VerifiedMark.SUFFIX.length()), VerifiedMark.parse(json));
                } catch (IllegalArgumentException unreadable) {
                    // a mark being written: as if never checked
                }
            } else {
                String stamp = file.substring(0, file.length() - ".json".length());
                BackupManifest manifest;
                try {
                    manifest = BackupManifest.parse(json);
                } catch (IllegalArgumentException unreadable) {
                    manifest = null;
                }
                manifests.put(stamp, manifest);
            }
        }
        List<Entry> entries = new ArrayList<>();
        manifests.forEach((stamp, manifest) -> entries.add(new Entry(stamp, manifest, marks.get(stamp))));
        return entries;
    }

    private ScratchRestore.Outcome run(long serviceId, ScratchRestore.Source source, byte[] identity, boolean keep, Prompts prompts,
                                       Consumer<String> log) {
        Database database = database(serviceId);
        DockerClient docker = docker(serviceId, prompts);
        var live = ScratchRestore.liveContainer(docker, inventory.serviceNodeKey(serviceId))
                .orElseThrow(() -> new RestoreException("The database is not running on its node: start or deploy it first"
                        + " (the scratch copy runs its image, beside it)."));
        ScratchRestore.Target target = new ScratchRestore.Target(docker, live.getId(), database.engine(), database.dataVolume());
        List<String> credentials = new ArrayList<>();
        boolean replica = serviceNodes.onCluster(serviceId);
        if (replica) {
            // On a cluster the live container is the Swarm replica on the pinned node, and its secret variables are Swarm
            // secrets (files, not variables of its container): the copy gets them from the vault, as the release the
            // replica runs has them sealed in its settings.
            String release = live.getLabels() == null ? null : live.getLabels().get(Labels.DEPLOYMENT);
            Deployment deployment = null;
            try {
                deployment = release == null ? null : history.find(Long.parseLong(release));
            } catch (RuntimeException unknown) {
                // a label of a release this store does not know: said below
            }
            if (deployment == null || deployment.serviceId() != serviceId || deployment.configSnapshot() == null) {
                throw new RestoreException("The database's replica on " + serviceNodes.dataNode(serviceId).name() + " runs no release of it on"
                        + " record, so its passwords are not known: redeploy it first. Nothing was changed.");
            }
            credentials.addAll(ConfigSnapshot.fromJson(deployment.configSnapshot()).secretEnvironment(inventory));
        }
        // The passwords as the vault has them now, which the redeploy after a swap gives the server: the copy sets the
        // restored volume up with them (a password changed in the running database since its release is in the vault only).
        credentials.addAll(passwords(serviceId, database));
        return ScratchRestore.run(target.withCredentials(credentials, replica), source, identity, keep, log);
    }

    /** The database's password variables ({@code KEY=value}), opened from the vault. */
    private List<String> passwords(long serviceId, Database database) {
        List<String> keys = new ArrayList<>();
        keys.add(database.engine().passwordVariable());
        if (database.engine().rootPasswordVariable() != null) {
            keys.add(database.engine().rootPasswordVariable());
        }
        return inventory.variables(VariableScope.SERVICE, serviceId).stream()
                .filter(variable -> variable.secret() && keys.contains(variable.key()))
                .map(variable -> variable.key() + "=" + inventory.reveal(variable).reveal()).toList();
    }

    private Database database(long serviceId) {
        return inventory.databases().find(serviceId).orElseThrow(() -> new RestoreException("The service is not a database."));
    }

    private DockerClient docker(long serviceId, Prompts prompts) {
        return clients.docker(nodeService.connection(serviceNodes.dataNode(serviceId), prompts)).client();
    }
}
