package dev.homeport.app.desktop.nodes;

import dev.homeport.model.NodeIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.keys.SshKeys;
import java.util.List;
import java.util.Map;

/**
 * What the page shows about one node, read in the background: the node, whether
 * Homeport holds a connection to it, the environments it is attached to, its
 * identity in words, and the fingerprint of its pinned host key (or null).
 */
record NodeFacts(WorkerNode node, boolean connected, List<String> environments, String identity, String pinnedFingerprint) {
    NodeFacts {
        environments = List.copyOf(environments);
    }

    /** Builds the facts; {@code identityNames} maps stored keys' ids to their names. */
    static NodeFacts of(WorkerNode node, boolean connected, List<String> environments, Map<Long, String> identityNames) {
        String identity = node.identity() instanceof NodeIdentity.StoredKey stored
                ? "stored key " + identityNames.getOrDefault(stored.identityId(), "#" + stored.identityId())
                : node.identity().describe();
        return new NodeFacts(node, connected, environments, identity, fingerprintOrNull(node.hostKey()));
    }

    static String fingerprintOrNull(String publicKeyLine) {
        if (publicKeyLine == null || publicKeyLine.isBlank()) {
            return null;
        }
        try {
            return publicKeyLine.strip().split("\\s+")[0] + " " + SshKeys.fingerprint(publicKeyLine);
        } catch (IllegalArgumentException unreadable) {
            return "unreadable key (" + unreadable.getMessage() + ")";
        }
    }
}
