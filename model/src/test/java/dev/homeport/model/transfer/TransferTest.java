package dev.homeport.model.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.Environment;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Organisation;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.VariableScope;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.store.RegistryCredentialDao;
import dev.homeport.model.store.SshIdentityDao;
import dev.homeport.model.store.Store;
import dev.homeport.model.store.WorkerNodeDao;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.SecretKind;
import dev.homeport.model.vault.Vault;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferTest {
    private static final char[] PASSPHRASE = "export passphrase".toCharArray();

    @TempDir
    Path first;
    @TempDir
    Path second;
    private Opened source;
    private Opened target;

    record Opened(Store store, Vault vault, Inventory inventory) {
        static Opened at(Path folder) {
            HomeportHome home = new HomeportHome(folder);
            Store store = Store.open(home);
            Vault vault = Vault.openOrCreate(home.vaultKey(), null);
            return new Opened(store, vault, new Inventory(store, vault));
        }

        String export() {
            StringWriter out = new StringWriter();
            new InventoryExporter(store, vault).export(out);
            return out.toString();
        }

        String exportWithSecrets() {
            StringWriter out = new StringWriter();
            new InventoryExporter(store, vault).exportWithSecrets(out, PASSPHRASE);
            return out.toString();
        }

        ImportReport importFrom(String yaml, char[] passphrase) {
            return new InventoryImporter(store, vault).apply(InventoryImporter.parse(yaml), passphrase);
        }
    }

    @AfterEach
    void close() {
        if (source != null) {
            source.store().close();
        }
        if (target != null) {
            target.store().close();
        }
    }

    /** A little of everything the export carries. */
    private void fill(Opened o) {
        Inventory inv = o.inventory();
        Organisation acme = inv.createOrganisation("acme");
        inv.setAcmeEmail(acme.id(), "ops@acme.test");
        inv.setAcmeDirectory(acme.id(), "https://ca.acme.test/acme/acme/directory");
        long registry = o.store().write(h -> h.attach(RegistryCredentialDao.class).insert(acme.id(), "registry.acme.test", "bot",
                o.vault().seal(Secret.of("registry-pw"), SecretKind.REGISTRY_PASSWORD).text()));
        Environment prod = inv.createEnvironment(inv.createApplication(acme.id(), "shop").id(), "prod");
        inv.createEnvironment(inv.createApplication(acme.id(), "blog").id(), "staging");
        Service web = inv.createService(new Service(0, prod.id(), "web", new ServiceSource.Image("registry.acme.test/shop:1.2", registry), 8080, "/healthz", 0.5, 256));
        inv.createService(new Service(0, prod.id(), "worker", new ServiceSource.Git("https://git.acme.test/shop.git", "v1.2", "docker/Dockerfile", "app"), null, null, null, null,
                new dev.homeport.model.DeployOptions(dev.homeport.model.HealthGate.RUNNING, 90, dev.homeport.model.RestartPolicy.ALWAYS,
                        java.util.List.of(dev.homeport.model.Volume.parse("queue:/var/lib/queue"), dev.homeport.model.Volume.parse("/srv/in:/in:ro")), 3, 2, 4, "n2")));
        inv.createService(new Service(0, prod.id(), "docs", new ServiceSource.Folder("/home/ada/docs"), 80, null, null, 64));
        inv.addDomain(web.id(), "shop.acme.test");
        inv.addDomain(web.id(), "www.acme.test");
        inv.setVariable(VariableScope.ENVIRONMENT, prod.id(), "LOG_LEVEL", "info");
        inv.setVariable(VariableScope.SERVICE, web.id(), "QUOTES", "it's \"quoted\"\nand multi-line: yes");
        inv.setSecret(VariableScope.SERVICE, web.id(), "API_TOKEN", Secret.of("token-value-123"));
        o.store().update(h -> {
            long key = h.attach(SshIdentityDao.class).insert("laptop", "ssh-ed25519 AAAAC3Nza laptop",
                    o.vault().seal(Secret.of("PRIVATE KEY TEXT"), SecretKind.SSH_PRIVATE_KEY).text());
            long n1 = h.attach(WorkerNodeDao.class).insert(new WorkerNode(0, "n1", "10.0.0.5", 22, "deploy", new NodeIdentity.StoredKey(key), "ssh-ed25519 AAAAhostkey"));
            h.attach(WorkerNodeDao.class).attach(n1, prod.id());
            h.attach(dev.homeport.model.store.EnvironmentClusterDao.class).save(prod.id(), "SWARM", "pb5wr1qprp5u58dn0v824yykl");
            h.attach(WorkerNodeDao.class).insert(new WorkerNode(0, "n2", "node2.acme.test", 2222, "root",
                    new NodeIdentity.Password(o.vault().seal(Secret.of("node-pw"), SecretKind.NODE_PASSWORD)), null));
            h.attach(WorkerNodeDao.class).insert(new WorkerNode(0, "n3", "10.0.0.7", 22, "ops", new NodeIdentity.KeyFile("~/.ssh/id_ed25519"), null));
        });
    }

    @Test
    void aRoundTripWithSecretsReproducesTheInventory() {
        source = Opened.at(first);
        fill(source);
        String exported = source.exportWithSecrets();
        assertThat(exported).doesNotContain("token-value-123", "registry-pw", "PRIVATE KEY TEXT", "node-pw");

        target = Opened.at(second);
        ImportReport report = target.importFrom(exported, PASSPHRASE);
        assertThat(report.warnings()).isEmpty();
        assertThat(report.summary()).isEqualTo("Imported 1 organisation(s), 2 application(s), 2 environment(s), 3 service(s), 3 node(s) and 1 SSH identity.");
        assertThat(target.export()).isEqualTo(source.export()).contains("deploy:", "healthCheck: running", "/srv/in:/in:ro",
                "  acmeEmail: ops@acme.test\n  acmeDirectory: https://ca.acme.test/acme/acme/directory\n",
                "cluster:\n        engine: swarm\n        id: pb5wr1qprp5u58dn0v824yykl\n");

        var web = target.inventory().services(target.inventory().environments(target.inventory().applications(
                target.inventory().organisations().getFirst().id()).stream().filter(a -> a.name().equals("shop")).findFirst().orElseThrow().id()).getFirst().id())
                .stream().filter(s -> s.name().equals("web")).findFirst().orElseThrow();
        var token = target.inventory().variables(VariableScope.SERVICE, web.id()).stream().filter(v -> v.key().equals("API_TOKEN")).findFirst().orElseThrow();
        assertThat(target.inventory().reveal(token).reveal()).isEqualTo("token-value-123");
    }

    @Test
    void withoutSecretsTheExportLeavesThemOutAndTheImportSaysSo() {
        source = Opened.at(first);
        fill(source);
        String exported = source.export();
        assertThat(exported).doesNotContain("encrypted").contains("API_TOKEN").contains("secret: true");

        target = Opened.at(second);
        assertThatThrownBy(() -> target.importFrom(exported, null))
                .isInstanceOf(TransferException.class)
                .hasMessage("nodes/n1/identity/name: no SSH identity named 'laptop' in the file or the store (was it exported without secrets?)");
        assertThat(target.inventory().organisations()).as("nothing half-written").isEmpty();

        String withoutNode1 = exported.replaceAll("(?s)- name: n1\n.*?(?=- name: n2)", "");
        ImportReport report = target.importFrom(withoutNode1, null);
        assertThat(report.warnings()).containsExactly(
                "organisations/acme/registries/registry.acme.test: left out, the file has no password for it (exported without secrets)",
                "organisations/acme/applications/shop/environments/prod/services/web/variables/API_TOKEN: left out, the file has no value for this secret (exported without secrets)",
                "sshIdentities/laptop: left out, the file has no private key for it (exported without secrets)");
    }

    /** Two git services, one with a deploy key (an SSH identity) and one with a token; their ids in the source store. */
    private long[] gitServices(Opened o) {
        Inventory inv = o.inventory();
        Organisation org = inv.createOrganisation("gitco");
        Environment prod = inv.createEnvironment(inv.createApplication(org.id(), "site").id(), "prod");
        long key = o.store().write(h -> h.attach(SshIdentityDao.class).insert("deploy-bot", "ssh-ed25519 AAAAC3Nzadeploy deploy-bot",
                o.vault().seal(Secret.of("DEPLOY KEY TEXT"), SecretKind.SSH_PRIVATE_KEY).text()));
        Service viaKey = inv.createService(new Service(0, prod.id(), "viakey", new ServiceSource.Git("git@git.acme.test:site.git", "main",
                "Dockerfile", ".", key, null), 80, null, null, null));
        Service viaToken = inv.createService(new Service(0, prod.id(), "viatoken", new ServiceSource.Git("https://git.acme.test/site.git", "main",
                "Dockerfile", ".", null, inv.sealGitToken(Secret.of("glpat-token-456"))), 80, null, null, null));
        return new long[] {viaKey.id(), viaToken.id()};
    }

    private Service named(Opened o, String name) {
        return o.inventory().tree().services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void nodeKeysDeployKeysAndGitTokensTravelSoTheImportedStoreOwnsItsServicesOnTheNodes() {
        source = Opened.at(first);
        long[] ids = gitServices(source);
        long keyOfViaKey = source.inventory().serviceNodeKey(ids[0]);
        long keyOfViaToken = source.inventory().serviceNodeKey(ids[1]);
        String exported = source.exportWithSecrets();
        assertThat(exported).doesNotContain("glpat-token-456", "DEPLOY KEY TEXT")
                .contains("nodeKey: " + keyOfViaKey, "deployKey: deploy-bot", "encryptedToken:");

        target = Opened.at(second);
        assertThat(target.importFrom(exported, PASSPHRASE).warnings()).isEmpty();
        Service viaKey = named(target, "viakey");
        Service viaToken = named(target, "viatoken");
        assertThat(target.inventory().serviceNodeKey(viaKey.id())).isEqualTo(keyOfViaKey);
        assertThat(target.inventory().serviceNodeKey(viaToken.id())).isEqualTo(keyOfViaToken);
        long deployKey = ((ServiceSource.Git) viaKey.source()).deployKeyId();
        assertThat(target.store().read(h -> h.attach(SshIdentityDao.class).find(deployKey)).orElseThrow().name()).isEqualTo("deploy-bot");
        assertThat(target.inventory().gitToken(((ServiceSource.Git) viaToken.source()).token()).reveal()).isEqualTo("glpat-token-456");
        assertThat(target.export()).isEqualTo(source.export());

        // The same file again, its organisation renamed: two services of one store must not own the same containers.
        target.inventory().rename(new dev.homeport.model.inventory.Ref(dev.homeport.model.inventory.Level.ORGANISATION,
                target.inventory().organisations().getFirst().id()), "gitco-old");
        assertThatThrownBy(() -> target.importFrom(exported, PASSPHRASE))
                .isInstanceOf(TransferException.class)
                .hasMessage("organisations/gitco/applications/site/environments/prod/services/viakey/nodeKey: service 'viakey' of this store"
                        + " has this node key already (was the file imported here before?); two services cannot own the same containers");
    }

    @Test
    void withoutSecretsTheNodeKeyStillTravelsAndTheLeftOutTokenAndDeployKeyAreNamed() {
        source = Opened.at(first);
        long[] ids = gitServices(source);
        String exported = source.export();
        assertThat(exported).doesNotContain("encrypted").contains("token: true");

        target = Opened.at(second);
        ImportReport report = target.importFrom(exported, null);
        assertThat(target.inventory().serviceNodeKey(named(target, "viakey").id())).isEqualTo(source.inventory().serviceNodeKey(ids[0]));
        assertThat(((ServiceSource.Git) named(target, "viatoken").source()).token()).isNull();
        assertThat(report.warnings()).contains(
                "organisations/gitco/applications/site/environments/prod/services/viatoken/git: its token is left out, the file has no value"
                        + " for it (exported without secrets); set it again with homeport service set --git-token-file",
                "organisations/gitco/applications/site/environments/prod/services/viakey/git/deployKey: no SSH identity named 'deploy-bot' in"
                        + " the file or the store (exported without secrets?); the service is imported without its deploy key");
    }

    @Test
    void aWrongPassphraseChangesNothing() {
        source = Opened.at(first);
        fill(source);
        String exported = source.exportWithSecrets();
        target = Opened.at(second);
        assertThatThrownBy(() -> target.importFrom(exported, "not the passphrase".toCharArray()))
                .isInstanceOf(TransferException.class)
                .hasMessageContaining("Wrong passphrase");
        assertThatThrownBy(() -> target.importFrom(exported, null)).hasMessageContaining("passphrase it was exported with is needed");
        assertThat(target.export()).isEqualTo("homeport: 1\n");
    }

    @Test
    void brokenFilesSayWhereAndChangeNothing() {
        target = Opened.at(second);
        target.inventory().createOrganisation("existing");
        String before = target.export();

        assertBroken("homeport: 1\norganisations:\n  - name: acme\n    colour: blue\n",
                "The file is not a valid Homeport export: line 4, column 5: organisations/0/colour: unknown key 'colour'; expected one of: acmeDirectory, acmeEmail, applications, name, registries");
        assertBroken("homeport: 1\norganisations:\n  - name: acme\n    applications:\n      - name: shop\n        environments:\n          - name: prod\n            services:\n              - name: web\n                image: nginx\n                port: 70000\n",
                "organisations/acme/applications/shop/environments/prod/services/web/port: must be 1–65535, got 70000");
        assertBroken("homeport: 1\norganisations:\n  - name: acme\n    applications:\n      - name: Shop\n",
                "organisations/acme/applications/Shop/name: must be lower-case, got 'Shop'");
        assertBroken("homeport: 1\norganisations:\n  - name: acme\n    applications:\n      - name: shop\n        environments:\n          - name: prod\n            services:\n              - name: web\n                port: 80\n",
                "organisations/acme/applications/shop/environments/prod/services/web: needs exactly one of image, git or folder, got 0");
        assertBroken("homeport: 1\norganisations:\n  - name: acme\n    applications:\n      - name: shop\n        environments:\n          - name: prod\n            services:\n              - name: web\n                image: nginx\n                port: eighty\n",
                "line 11, column 17: organisations/0/applications/0/environments/0/services/0/port: expected a number");
        assertBroken("homeport: 1\norganisations:\n  - name: acme\n    applications:\n      - name: shop\n        environments:\n          - name: prod\n            cluster:\n              engine: kubernetes\n              id: abc\n",
                "organisations/acme/applications/shop/environments/prod/cluster/engine: must be swarm, got 'kubernetes'");
        assertBroken("homeport: 1\norganisations:\n  - name: existing\n", "organisations/existing: this store already has an organisation named 'existing'; rename or delete it first");
        assertBroken("homeport: 1\norganisations:\n  - name: a\n  - name: a\n", "organisations/a: the file has two of organisation 'a'");
        assertBroken("homeport: 2\n", "homeport: the file must start with 'homeport: 1' (the export format version), got 2");
        assertBroken("organisations: [\n", "The file is not a valid Homeport export: line 1, column 17: organisations: while parsing a flow node");
        // The first organisation is fine, the second is broken: neither may be written.
        assertBroken("homeport: 1\norganisations:\n  - name: good\n  - name: bad\n    acmeEmail: not-an-email\n",
                "organisations/bad/acmeEmail: must be an email address, got 'not-an-email'");
        assertBroken("homeport: 1\norganisations:\n  - name: bad\n    acmeDirectory: http://ca.acme.test/directory\n",
                "organisations/bad/acmeDirectory: must be an https:// URL, got 'http://ca.acme.test/directory'");
        assertThat(target.export()).isEqualTo(before);
    }

    @Test
    void aGitOrFolderServiceWithoutRefDockerfileOrContextGetsTheDefaults() {
        target = Opened.at(second);
        target.importFrom("""
                homeport: 1
                organisations:
                  - name: acme
                    applications:
                      - name: shop
                        environments:
                          - name: prod
                            services:
                              - name: web
                                git:
                                  url: https://example.com/acme/web.git
                              - name: api
                                git:
                                  url: https://example.com/acme/api.git
                                  ref: ""
                                  dockerfile: ""
                                  context: ""
                              - name: docs
                                folder:
                                  path: /srv/docs
                """, null);

        Inventory inventory = target.inventory();
        long prod = inventory.resolve(dev.homeport.model.inventory.InventoryPath.parse("acme/shop/prod")).id();
        assertThat(inventory.services(prod)).extracting(Service::source).containsExactlyInAnyOrder(
                new ServiceSource.Git("https://example.com/acme/web.git", "main", "Dockerfile", "."),
                new ServiceSource.Git("https://example.com/acme/api.git", "main", "Dockerfile", "."),
                new ServiceSource.Folder("/srv/docs", "Dockerfile"));
    }

    @Test
    void aFileFromBeforeAcmeDirectoriesImportsWithLetsEncryptAndExportsWithoutOne() {
        target = Opened.at(second);
        String older = "homeport: 1\norganisations:\n- name: acme\n  acmeEmail: ops@acme.test\n";
        target.importFrom(older, null);

        Organisation acme = target.inventory().organisations().getFirst();
        assertThat(acme.acmeEmail()).isEqualTo("ops@acme.test");
        assertThat(acme.acmeDirectory()).isNull();
        assertThat(target.export()).isEqualTo(older);
    }

    private void assertBroken(String yaml, String expectedMessagePart) {
        assertThatThrownBy(() -> target.importFrom(yaml, null))
                .isInstanceOf(TransferException.class)
                .hasMessageContaining(expectedMessagePart);
    }
}
