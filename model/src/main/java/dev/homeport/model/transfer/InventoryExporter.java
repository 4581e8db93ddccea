package dev.homeport.model.transfer;

import dev.homeport.model.Application;
import dev.homeport.model.Environment;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Organisation;
import dev.homeport.model.RegistryCredential;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.SshIdentity;
import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.store.ApplicationDao;
import dev.homeport.model.store.DomainDao;
import dev.homeport.model.store.EnvironmentClusterDao;
import dev.homeport.model.store.EnvironmentDao;
import dev.homeport.model.store.OrganisationDao;
import dev.homeport.model.store.RegistryCredentialDao;
import dev.homeport.model.store.ServiceDao;
import dev.homeport.model.store.SshIdentityDao;
import dev.homeport.model.store.Store;
import dev.homeport.model.store.VariableDao;
import dev.homeport.model.store.WorkerNodeDao;
import dev.homeport.model.transfer.InventoryDocument.App;
import dev.homeport.model.transfer.InventoryDocument.Env;
import dev.homeport.model.transfer.InventoryDocument.Org;
import dev.homeport.model.transfer.InventoryDocument.Svc;
import dev.homeport.model.transfer.InventoryDocument.Var;
import dev.homeport.model.vault.SecretKind;
import dev.homeport.model.vault.Sealed;
import dev.homeport.model.vault.Vault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Writes the whole inventory as YAML. Deployment history is not exported: it
 * belongs to the machine that ran the deployments.
 */
public final class InventoryExporter {
    private final Store store;
    private final Vault vault;

    public InventoryExporter(Store store, Vault vault) {
        this.store = store;
        this.vault = vault;
    }

    /** Exports without secrets: secret variables keep their key, with no value. */
    public void export(Writer out) {
        write(out, store.read(h -> new Reader(h, null).document()));
    }

    /** Exports with every secret, each encrypted with a key derived from {@code passphrase}. */
    public void exportWithSecrets(Writer out, char[] passphrase) {
        if (passphrase == null || passphrase.length < Vault.MIN_PASSPHRASE_LENGTH) {
            throw new TransferException("The export passphrase must be at least " + Vault.MIN_PASSPHRASE_LENGTH + " characters.");
        }
        Vault.PassphraseBox box = Vault.PassphraseBox.create(passphrase);
        write(out, store.read(h -> new Reader(h, box).document()));
    }

    public InventoryDocument document() {
        return store.read(h -> new Reader(h, null).document());
    }

    private static void write(Writer out, InventoryDocument document) {
        try {
            Yaml.MAPPER.writeValue(out, document);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the export: " + e.getMessage(), e);
        }
    }

    /** Reads the store inside one transaction and turns it into a document. */
    private final class Reader {
        private final Handle h;
        private final Vault.PassphraseBox box;
        private final Map<Long, String> environmentPaths = new HashMap<>();
        private final Map<Long, String> identityNames = new HashMap<>();
        private final Map<Long, String> servicePaths = new HashMap<>();
        private final Map<Long, String> nodeNames = new HashMap<>();

        Reader(Handle h, Vault.PassphraseBox box) {
            this.h = h;
            this.box = box;
        }

        InventoryDocument document() {
            List<Org> organisations = h.attach(OrganisationDao.class).list().stream().map(this::organisation).toList();
            List<InventoryDocument.Identity> identities = h.attach(SshIdentityDao.class).list().stream().map(this::identity).toList();
            List<InventoryDocument.Node> nodes = h.attach(WorkerNodeDao.class).list().stream().map(this::node).toList();
            InventoryDocument.Secrets secrets = box == null ? null
                    : new InventoryDocument.Secrets("pbkdf2-hmac-sha256", box.iterations(), box.salt());
            long lastDeployment = h.createQuery("SELECT COALESCE(MAX(id), 0) FROM deployment").mapTo(Long.class).one();
            return new InventoryDocument(InventoryDocument.FORMAT, secrets, lastDeployment == 0 ? null : lastDeployment,
                    organisations, identities, nodes, SavedTunnelTransfer.export(h, servicePaths, nodeNames),
                    BackupTransfer.export(h, servicePaths, sealed -> encrypt(sealed, SecretKind.BACKUP_IDENTITY)));
        }

        private Org organisation(Organisation organisation) {
            List<RegistryCredential> credentials = h.attach(RegistryCredentialDao.class).list(organisation.id());
            Map<Long, String> registryNames = new HashMap<>();
            credentials.forEach(c -> registryNames.put(c.id(), c.registry()));
            List<InventoryDocument.Registry> registries = credentials.stream()
                    .map(c -> new InventoryDocument.Registry(c.registry(), c.username(), encrypt(c.password(), SecretKind.REGISTRY_PASSWORD)))
                    .toList();
            List<InventoryDocument.S3> s3Targets = h.attach(dev.homeport.model.store.S3TargetDao.class).list(organisation.id()).stream()
                    .map(t -> new InventoryDocument.S3(t.name(), t.endpoint(), t.region(), t.bucket(), t.prefix(), t.accessKeyId(),
                            encrypt(t.secretKey(), SecretKind.S3_SECRET_KEY)))
                    .toList();
            List<App> applications = h.attach(ApplicationDao.class).list(organisation.id()).stream()
                    .map(a -> application(organisation, a, registryNames)).toList();
            return new Org(organisation.name(), organisation.acmeEmail(), organisation.acmeDirectory(), registries, s3Targets, applications);
        }

        private App application(Organisation organisation, Application application, Map<Long, String> registryNames) {
            List<Env> environments = h.attach(EnvironmentDao.class).list(application.id()).stream()
                    .map(e -> {
                        environmentPaths.put(e.id(), organisation.name() + "/" + application.name() + "/" + e.name());
                        return environment(e, registryNames);
                    }).toList();
            return new App(application.name(), environments);
        }

        private Env environment(Environment environment, Map<Long, String> registryNames) {
            List<Svc> services = h.attach(ServiceDao.class).list(environment.id()).stream()
                    .map(s -> {
                        servicePaths.put(s.id(), environmentPaths.get(environment.id()) + "/" + s.name());
                        return service(s, registryNames);
                    }).toList();
            InventoryDocument.Cluster cluster = h.attach(EnvironmentClusterDao.class).find(environment.id())
                    .map(c -> new InventoryDocument.Cluster(c.engine().name().toLowerCase(java.util.Locale.ROOT), c.clusterId()))
                    .orElse(null);
            return new Env(environment.name(), cluster, variables(VariableScope.ENVIRONMENT, environment.id()), services);
        }

        private Svc service(Service service, Map<Long, String> registryNames) {
            String image = null;
            String registry = null;
            InventoryDocument.Git git = null;
            InventoryDocument.Folder folder = null;
            switch (service.source()) {
                case ServiceSource.Image i -> {
                    image = i.image();
                    registry = i.registryCredentialId() == null ? null : registryNames.get(i.registryCredentialId());
                }
                case ServiceSource.Git g -> git = new InventoryDocument.Git(g.url(), g.ref(), g.dockerfile(), g.context(),
                        g.deployKeyId() == null ? null : identityName(g.deployKeyId()),
                        g.token() == null ? null : encrypt(g.token(), SecretKind.GIT_TOKEN),
                        // Says a token is left out, when the export has no secrets: the import warns about it.
                        g.token() != null && box == null ? Boolean.TRUE : null);
                case ServiceSource.Folder f -> folder = new InventoryDocument.Folder(f.path(), f.dockerfile());
            }
            List<String> domains = h.attach(DomainDao.class).list(service.id()).stream().map(d -> d.hostname()).toList();
            long nodeKey = h.attach(ServiceDao.class).nodeKey(service.id()).orElseThrow();
            InventoryDocument.Db database = h.attach(dev.homeport.model.store.DatabaseDao.class).find(service.id())
                    .map(d -> new InventoryDocument.Db(d.engine().label(), d.majorVersion(), d.dataVolume(), d.publicPort())).orElse(null);
            return new Svc(service.name(), nodeKey, image, registry, git, folder, database, service.port(), service.healthCheckPath(),
                    service.cpuLimit(), service.memoryLimitMb(), deploy(service.options()), domains, variables(VariableScope.SERVICE, service.id()));
        }

        /** Only what differs from the defaults, so an export stays short; null when nothing does. */
        private static InventoryDocument.Deploy deploy(dev.homeport.model.DeployOptions options) {
            var defaults = dev.homeport.model.DeployOptions.defaults();
            if (options.equals(defaults)) {
                return null;
            }
            return new InventoryDocument.Deploy(options.healthGate() == null ? null : options.healthGate().label(),
                    options.healthTimeoutSeconds() == defaults.healthTimeoutSeconds() ? null : options.healthTimeoutSeconds(),
                    options.restart() == defaults.restart() ? null : options.restart().dockerName(),
                    options.volumes().stream().map(dev.homeport.model.Volume::toString).toList(),
                    options.keepReleases() == defaults.keepReleases() ? null : options.keepReleases(),
                    options.drainSeconds() == defaults.drainSeconds() ? null : options.drainSeconds(),
                    options.replicas() == defaults.replicas() ? null : options.replicas(), options.pinnedNode());
        }

        private List<Var> variables(VariableScope scope, long ownerId) {
            return h.attach(VariableDao.class).of(scope, ownerId).stream().map(this::variable).toList();
        }

        private Var variable(Variable variable) {
            if (!variable.secret()) {
                return new Var(variable.key(), variable.plainValue(), null, null);
            }
            return new Var(variable.key(), null, true, encrypt(variable.secretValue(), SecretKind.VARIABLE));
        }

        private String identityName(long id) {
            return h.attach(SshIdentityDao.class).find(id).map(SshIdentity::name).orElse(null);
        }

        private InventoryDocument.Identity identity(SshIdentity identity) {
            identityNames.put(identity.id(), identity.name());
            return new InventoryDocument.Identity(identity.name(), identity.publicKey(),
                    encrypt(identity.privateKey(), SecretKind.SSH_PRIVATE_KEY));
        }

        private InventoryDocument.Node node(WorkerNode node) {
            nodeNames.put(node.id(), node.name());
            InventoryDocument.NodeIdentity identity = switch (node.identity()) {
                case NodeIdentity.KeyFile file -> new InventoryDocument.NodeIdentity("key-file", file.path(), null, null);
                case NodeIdentity.StoredKey stored -> new InventoryDocument.NodeIdentity("stored-key", null,
                        identityNames.get(stored.identityId()), null);
                case NodeIdentity.Agent agent -> new InventoryDocument.NodeIdentity("agent", null, null, null);
                case NodeIdentity.SshConfig config -> new InventoryDocument.NodeIdentity("ssh-config", null, null, null);
                case NodeIdentity.Password password -> new InventoryDocument.NodeIdentity("password", null, null,
                        password.stored() == null ? null : encrypt(password.stored(), SecretKind.NODE_PASSWORD));
            };
            List<String> environments = h.attach(WorkerNodeDao.class).environmentsOf(node.id()).stream()
                    .map(environmentPaths::get).sorted().toList();
            return new InventoryDocument.Node(node.name(), node.host(), node.port(), node.user(), identity, node.hostKey(), environments);
        }

        /** A vault secret re-encrypted for the file, or null when secrets are left out. */
        private String encrypt(Sealed sealed, SecretKind kind) {
            return box == null ? null : box.encrypt(vault.open(sealed, kind));
        }
    }
}
