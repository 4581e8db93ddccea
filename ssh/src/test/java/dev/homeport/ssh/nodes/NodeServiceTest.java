package dev.homeport.ssh.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.SshIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.Vault;
import dev.homeport.ssh.keys.SshKeys;
import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The node flow the UI and CLI run: add, test, trust the key, list, remove; with every kind of stored identity. */
@ExtendWith(RigExtension.class)
class NodeServiceTest {
    @TempDir
    Path folder;
    private Store store;
    private NodeConnections connections;
    private NodeService service;
    private NodeInventory nodes;
    private KeyInventory keys;

    @BeforeEach
    void open(Rig rig) {
        HomeportHome home = new HomeportHome(folder.resolve("home"));
        store = Store.open(home);
        Vault vault = Vault.openOrCreate(home.vaultKey(), null);
        nodes = new NodeInventory(store, vault);
        keys = new KeyInventory(store, vault);
        connections = new NodeConnections(RigTargets.settings(rig, folder));
        service = new NodeService(nodes, keys, connections);
    }

    @AfterEach
    void close() {
        connections.close();
        store.close();
    }

    @Test
    void aNodeIsAddedTestedTrustedListedAndRemoved(Rig rig) {
        try (NodeContainer container = NodeContainer.start(rig)) {
            WorkerNode node = service.add(new WorkerNode(0, "web-1", container.ip(), 22, "homeport",
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
            assertThat(service.statuses()).singleElement().satisfies(s -> assertThat(s.connected()).isFalse());

            HostKeyException unknown = null;
            try {
                service.test(node, Prompts.NONE);
            } catch (HostKeyException e) {
                unknown = e;
            }
            assertThat(unknown).isNotNull();
            assertThat(unknown.reason()).isEqualTo(HostKeyException.Reason.UNKNOWN);
            WorkerNode pinned = service.acceptHostKey(node, unknown);
            assertThat(pinned.hostKey()).isEqualTo(unknown.presented().openSsh());

            NodeService.ConnectionReport report = service.test(pinned, Prompts.NONE);
            assertThat(report.user()).isEqualTo("homeport");
            assertThat(report.system()).startsWith("Linux ");
            assertThat(report.hostKey()).isEqualTo(unknown.presented().openSsh());
            assertThat(service.statuses()).singleElement().satisfies(s -> assertThat(s.connected()).isTrue());

            service.remove(pinned);
            assertThat(service.statuses()).isEmpty();
            assertThat(connections.isConnected("web-1")).isFalse();
        }
    }

    @Test
    void aTestPinsTheKeyOfANodeAddedWithoutOneAndNeverReplacesAPinnedKey(Rig rig) {
        try (NodeContainer container = NodeContainer.start(rig)) {
            // Type and key, without the comment that the file on the node carries.
            String trusted = String.join(" ", java.util.Arrays.copyOf(container.hostKey("ed25519").strip().split(" "), 2));
            connections.hostKeys().accept(container.ip(), 22, trusted);
            WorkerNode unpinned = service.add(new WorkerNode(0, "web-1", container.ip(), 22, "homeport",
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));

            NodeService.ConnectionReport report = service.testAndPin(unpinned, Prompts.NONE);

            assertThat(report.hostKey()).isEqualTo(trusted);
            assertThat(nodes.node(unpinned.id()).hostKey()).isEqualTo(trusted);

            // A caller's stale copy (no key) never decides: the key the store holds stays as it is.
            String other = SshKeys.generateEd25519("elsewhere", null).publicKey();
            nodes.pinHostKey(unpinned.id(), other);
            connections.disconnect("web-1");
            connections.hostKeys().replace(container.ip(), 22, trusted);
            service.testAndPin(unpinned, Prompts.NONE);
            assertThat(nodes.node(unpinned.id()).hostKey()).isEqualTo(other);
        }
    }

    @Test
    void storedKeysAndStoredPasswordsAreDecryptedOnlyToConnect(Rig rig) {
        try (NodeContainer container = NodeContainer.start(rig)) {
            connections.hostKeys().accept(container.ip(), 22, container.hostKey("ed25519"));
            SshKeys.KeyText generated = SshKeys.generateEd25519("homeport", null);
            SshIdentity identity = keys.add("laptop", generated.publicKey(), generated.privateKey());
            container.authorize(generated.publicKey());
            WorkerNode withKey = service.add(new WorkerNode(0, "with-key", container.ip(), 22, "homeport",
                    new NodeIdentity.StoredKey(identity.id()), null));
            assertThat(service.test(withKey, Prompts.NONE).user()).isEqualTo("homeport");

            WorkerNode withPassword = service.add(new WorkerNode(0, "with-password", container.ip(), 22, "homeport",
                    new NodeIdentity.Password(nodes.sealPassword(Secret.of(rig.sshPassword()))), null));
            assertThat(service.test(withPassword, Prompts.NONE).user()).isEqualTo("homeport");

            assertThatThrownBy(() -> keys.remove(identity.id())).hasMessageContaining("it is used by with-key");
        }
    }

    @Test
    void anAliasFromTheSshConfigResolvesToItsHost(Rig rig) throws Exception {
        Path config = Files.writeString(folder.resolve("config"), """
                Host rig-alias
                    HostName %s
                    Port %d
                    User %s
                    IdentityFile %s
                """.formatted(rig.sshHost(), rig.sshPort(), rig.sshUser(), rig.sshKey()));
        SshConfigLookup.Resolved resolved = new SshConfigLookup(config).resolve("rig-alias");
        assertThat(resolved.known()).isTrue();
        assertThat(resolved.hostName()).isEqualTo(rig.sshHost());
        assertThat(resolved.port()).isEqualTo(rig.sshPort());
        assertThat(resolved.user()).isEqualTo(rig.sshUser());
        assertThat(resolved.identityFiles()).hasSize(1);
        assertThat(new SshConfigLookup(config).resolve("not-in-config").known()).isFalse();

        try (NodeConnections withConfig = new NodeConnections(RigTargets.settings(rig, folder).withSshConfig(config))) {
            NodeService viaConfig = new NodeService(nodes, keys, withConfig);
            WorkerNode node = viaConfig.add(new WorkerNode(0, "rig", "rig-alias", resolved.port(), resolved.user(), new NodeIdentity.SshConfig(), null));
            assertThat(viaConfig.test(node, Prompts.NONE).user()).isEqualTo(rig.sshUser());
        }
    }
}
