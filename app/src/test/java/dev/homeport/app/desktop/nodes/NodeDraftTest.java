package dev.homeport.app.desktop.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.NodeIdentity;
import dev.homeport.model.ValidationException;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.nodes.SshConfigLookup;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The add-node dialog's input rules, without a display: each problem names the field and the rule. */
class NodeDraftTest {
    private static final NodeDraft.Identity KEY = new NodeDraft.Identity(NodeDraft.IdentityKind.KEY_FILE, "~/.ssh/id_ed25519", null, "", false);

    private static NodeDraft direct(String name, String host, String port, String user, NodeDraft.Identity identity) {
        return new NodeDraft(name, new NodeDraft.Address.Direct(host, port, user), identity);
    }

    @Test
    void aDirectAddressMakesTheNode() {
        WorkerNode node = direct("web-1", " 203.0.113.10 ", "2222", "deploy", KEY).node(List.of(), null);
        assertThat(node.address()).isEqualTo("deploy@203.0.113.10:2222");
        assertThat(node.identity()).isEqualTo(new NodeIdentity.KeyFile("~/.ssh/id_ed25519"));
        assertThat(node.hostKey()).isNull();
        assertThat(direct("web-1", "web1.example.com", "", "root", KEY).node(List.of(), null).port()).isEqualTo(22);
    }

    @Test
    void eachProblemNamesTheFieldAndTheRule() {
        assertThat(problem(direct("Web", "h", "22", "root", KEY))).isEqualTo("name: must be lower-case, got 'Web'");
        assertThat(problem(direct("web-1", "h", "22", "root", KEY), "web-1")).isEqualTo("name: a worker node named 'web-1' already exists");
        assertThat(problem(direct("web-1", "bad host", "22", "root", KEY))).isEqualTo("host: must be a host name or an IP address, got 'bad host'");
        assertThat(problem(direct("web-1", "h", "x", "root", KEY))).isEqualTo("port: must be a whole number, got 'x'");
        assertThat(problem(direct("web-1", "h", "70000", "root", KEY))).isEqualTo("port: must be 1–65535, got 70000");
        assertThat(problem(direct("web-1", "h", "22", "", KEY))).isEqualTo("user: is required");
        assertThat(problem(direct("web-1", "h", "22", "root", new NodeDraft.Identity(NodeDraft.IdentityKind.KEY_FILE, " ", null, "", false))))
                .isEqualTo("identity.file: is required");
        assertThat(problem(direct("web-1", "h", "22", "root", new NodeDraft.Identity(NodeDraft.IdentityKind.STORED_KEY, "", null, "", false))))
                .startsWith("identity: choose a stored key");
        assertThat(problem(direct("web-1", "h", "22", "root", new NodeDraft.Identity(NodeDraft.IdentityKind.PASSWORD, "", null, "", true))))
                .startsWith("password: is required to store it");
    }

    @Test
    void aPasswordIsSealedOnlyWhenTheUserChoseToStoreIt() {
        NodeDraft asked = direct("web-1", "h", "22", "root", new NodeDraft.Identity(NodeDraft.IdentityKind.PASSWORD, "secret", null, "secret", false));
        assertThat(asked.node(List.of(), null).identity()).isEqualTo(new NodeIdentity.Password(null));
    }

    @Test
    void anAliasIsCheckedOnceItHasBeenLookedUp() {
        NodeDraft pending = new NodeDraft("web", new NodeDraft.Address.Alias("prod-web", null), KEY);
        assertThat(pending.resolving()).isTrue();
        SshConfigLookup.Resolved resolved = new SshConfigLookup.Resolved("prod-web", "203.0.113.10", 2222, "deploy", List.of(), "bastion", true);
        NodeDraft found = new NodeDraft("web", new NodeDraft.Address.Alias("prod-web", resolved), KEY);
        assertThat(found.resolving()).isFalse();
        assertThat(found.node(List.of(), null).address()).isEqualTo("deploy@prod-web:2222");
        assertThat(new NodeDraft("web", new NodeDraft.Address.Alias("other", resolved), KEY).resolving()).isTrue();
        assertThat(AddressForm.describe(resolved))
                .isEqualTo("Resolves to HostName 203.0.113.10, port 2222, user deploy, through bastion (ProxyJump).");
    }

    @Test
    void aNameIsSuggestedFromTheHost() {
        assertThat(NodeDraft.suggestName("web1.example.com")).isEqualTo("web1");
        assertThat(NodeDraft.suggestName("10.0.0.5")).isEqualTo("10-0-0-5");
        assertThat(NodeDraft.suggestName("Prod_Web")).isEqualTo("prod-web");
    }

    @Test
    void theHostKeyHelpersNameTheRightFiles() {
        assertThat(HostKeyDialogs.publicKeyFile("ssh-ed25519")).isEqualTo("/etc/ssh/ssh_host_ed25519_key.pub");
        assertThat(HostKeyDialogs.publicKeyFile("ecdsa-sha2-nistp256")).isEqualTo("/etc/ssh/ssh_host_ecdsa_key.pub");
        assertThat(HostKeyDialogs.publicKeyFile("ssh-rsa")).isEqualTo("/etc/ssh/ssh_host_rsa_key.pub");
        assertThat(HostKeyDialogs.sameKey("ssh-ed25519 AAAA root@a", "ssh-ed25519 AAAA")).isTrue();
        assertThat(HostKeyDialogs.sameKey("ssh-ed25519 AAAA", "ssh-ed25519 AAAB")).isFalse();
    }

    private static String problem(NodeDraft draft, String... taken) {
        try {
            draft.node(List.of(taken), null);
            return null;
        } catch (ValidationException e) {
            return e.getMessage();
        }
    }

    @Test
    void aNameIsRequired() {
        assertThatThrownBy(() -> direct("", "h", "22", "root", KEY).node(List.of(), null)).hasMessage("name: is required");
    }
}
