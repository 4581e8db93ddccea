package dev.homeport.model.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.homeport.model.Application;
import dev.homeport.model.ClusterEngine;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.Domain;
import dev.homeport.model.Environment;
import dev.homeport.model.EnvironmentCluster;
import dev.homeport.model.HealthGate;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Organisation;
import dev.homeport.model.RegistryCredential;
import dev.homeport.model.S3Target;
import dev.homeport.model.RestartPolicy;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.SshIdentity;
import dev.homeport.model.ValidationException;
import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.Volume;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
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
import dev.homeport.model.transfer.InventoryDocument.Var;
import dev.homeport.model.vault.Sealed;
import dev.homeport.model.vault.SecretKind;
import dev.homeport.model.vault.Vault;
import dev.homeport.model.vault.VaultException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Reads an export file back into the store. The whole file is checked first,
 * every error naming its place in the file; then everything is written in
 * one transaction. A broken file, or one that clashes with what the store
 * holds, changes nothing.
 */
public final class InventoryImporter {
    private final Store store;
    private final Vault vault;

    public InventoryImporter(Store store, Vault vault) {
        this.store = store;
        this.vault = vault;
    }

    /** Parses a file without touching the store. */
    public static InventoryDocument parse(String yaml) {
        InventoryDocument document;
        try {
            document = Yaml.MAPPER.readValue(yaml, InventoryDocument.class);
        } catch (JsonProcessingException e) {
            throw YamlErrors.describe(e, yaml);
        }
        if (document == null) {
            throw new TransferException("The file is empty.");
        }
        if (document.homeport() == null || document.homeport() != InventoryDocument.FORMAT) {
            throw new TransferException("homeport: the file must start with 'homeport: " + InventoryDocument.FORMAT
                    + "' (the export format version), got " + document.homeport());
        }
        return document;
    }

    /** True when the file carries encrypted secrets, which need the export passphrase. */
    public static boolean hasSecrets(InventoryDocument document) {
        return document.secrets() != null;
    }

    /** Imports a parsed file. {@code passphrase} is needed only when the file carries secrets. */
    public ImportReport apply(InventoryDocument document, char[] passphrase) {
        Vault.PassphraseBox box = openSecrets(document, passphrase);
        Plan plan = new Planner(box).plan(document);
        if (document.lastDeployment() != null && document.lastDeployment() < 0) {
            throw new TransferException("lastDeployment: must be a positive number, got " + document.lastDeployment());
        }
        return store.write(h -> {
            ImportReport report = new Writer(h, plan).write();
            continueNumbering(h, document.lastDeployment());
            return report;
        });
    }

    /**
     * Numbers this store's next deployments above the exporting store's, so a service that kept its
     * node key never names a new release like one it inherits on the node (see
     * {@link InventoryDocument}). Last in the import: in H2, the change commits the transaction.
     */
    private static void continueNumbering(Handle h, Long lastDeployment) {
        long here = h.createQuery("SELECT COALESCE(MAX(id), 0) FROM deployment").mapTo(Long.class).one();
        if (lastDeployment != null && lastDeployment > here) {
            h.execute("ALTER TABLE deployment ALTER COLUMN id RESTART WITH " + (lastDeployment + 1));
        }
    }

    private static Vault.PassphraseBox openSecrets(InventoryDocument document, char[] passphrase) {
        InventoryDocument.Secrets secrets = document.secrets();
        if (secrets == null) {
            return null;
        }
        if (!"pbkdf2-hmac-sha256".equals(secrets.kdf()) || secrets.iterations() == null || secrets.salt() == null) {
            throw new TransferException("secrets: expected kdf pbkdf2-hmac-sha256 with iterations and salt");
        }
        if (passphrase == null) {
            throw new TransferException("This file holds encrypted secrets; the passphrase it was exported with is needed.");
        }
        try {
            return Vault.PassphraseBox.reopen(passphrase, secrets.salt(), secrets.iterations());
        } catch (VaultException | IllegalArgumentException e) {
            throw new TransferException("secrets: " + e.getMessage(), e);
        }
    }

    // ---- the checked plan ----------------------------------------------------------------

    record PlannedVariable(String key, String plainValue, Sealed secretValue) {
    }

    /** {@code nodeKey} is null when the file has none (a new key is made); {@code deployKey} names an SSH identity, resolved when writing. */
    record PlannedService(String at, Service service, dev.homeport.model.Database database, String registry, Long nodeKey, String deployKey, List<String> domains,
                          List<PlannedVariable> variables) {
    }

    /** {@code cluster} is null for an environment whose nodes form no cluster; its environment id is filled in on writing. */
    record PlannedEnvironment(String at, String name, EnvironmentCluster cluster, List<PlannedVariable> variables, List<PlannedService> services) {
    }

    record PlannedApplication(String at, String name, List<PlannedEnvironment> environments) {
    }

    record PlannedRegistry(String registry, String username, Sealed password) {
    }

    /** An S3 target, checked ({@code target}'s ids are 0), its secret key sealed for this store. */
    record PlannedS3Target(S3Target target) {
    }

    record PlannedOrganisation(String at, Organisation organisation, List<PlannedRegistry> registries, List<PlannedS3Target> s3Targets,
                               List<PlannedApplication> applications) {
    }

    record PlannedIdentity(String at, String name, String publicKey, Sealed privateKey) {
    }

    /** A node whose identity may name a stored key by name, resolved when writing. */
    record PlannedNode(String at, WorkerNode node, String storedKeyName, List<String> environments) {
    }

    record Plan(List<PlannedOrganisation> organisations, List<PlannedIdentity> identities, List<PlannedNode> nodes,
                List<SavedTunnelTransfer.Planned> tunnels, BackupTransfer.Planned backups, List<String> warnings) {
    }

    /** Checks the whole document and builds the plan, or throws naming the first bad place. */
    private final class Planner {
        private final Vault.PassphraseBox box;
        private final List<String> warnings = new ArrayList<>();
        private final Set<String> domains = new HashSet<>();
        private final Set<String> environmentPaths = new HashSet<>();
        private final Set<String> nodeKeys = new HashSet<>();
        /** The file's services by path, for its backup schedules. */
        private final Map<String, BackupTransfer.FileService> servicesByPath = new HashMap<>();
        /** Each organisation's S3 targets by name: true when imported, false when left out (for the schedules' copyTo). */
        private final Map<String, Map<String, Boolean>> s3TargetsByOrg = new HashMap<>();

        Planner(Vault.PassphraseBox box) {
            this.box = box;
        }

        Plan plan(InventoryDocument document) {
            List<PlannedOrganisation> organisations = new ArrayList<>();
            Set<String> names = new HashSet<>();
            each(document.organisations(), (org, i) -> {
                String at = "organisations/" + label(org.name(), i);
                Organisation organisation = check(at, () -> new Organisation(0, org.name(), org.acmeEmail(), org.acmeDirectory()));
                unique(names, organisation.name(), at, "organisation");
                organisations.add(new PlannedOrganisation(at, organisation, registries(at, org), s3Targets(at, org), applications(at, org)));
            });
            List<PlannedIdentity> identities = new ArrayList<>();
            Set<String> identityNames = new HashSet<>();
            each(document.sshIdentities(), (identity, i) -> {
                String at = "sshIdentities/" + label(identity.name(), i);
                if (identity.encryptedPrivateKey() == null) {
                    warnings.add(at + ": left out, the file has no private key for it (exported without secrets)");
                    return;
                }
                Sealed key = reseal(at + "/encryptedPrivateKey", identity.encryptedPrivateKey(), SecretKind.SSH_PRIVATE_KEY);
                SshIdentity checked = check(at, () -> new SshIdentity(0, identity.name(), identity.publicKey(), key));
                unique(identityNames, checked.name(), at, "SSH identity");
                identities.add(new PlannedIdentity(at, checked.name(), checked.publicKey(), key));
            });
            List<PlannedNode> nodes = new ArrayList<>();
            Set<String> nodeNames = new HashSet<>();
            each(document.nodes(), (node, i) -> {
                String at = "nodes/" + label(node.name(), i);
                PlannedNode planned = node(at, node);
                unique(nodeNames, planned.node().name(), at, "node");
                nodes.add(planned);
            });
            List<SavedTunnelTransfer.Planned> tunnels = SavedTunnelTransfer.plan(document.tunnels());
            BackupTransfer.Planned backups = BackupTransfer.plan(document.backups(), servicesByPath, s3TargetsByOrg, vault, box, warnings);
            return new Plan(organisations, identities, nodes, tunnels, backups, warnings);
        }

        private List<PlannedRegistry> registries(String orgAt, InventoryDocument.Org org) {
            List<PlannedRegistry> registries = new ArrayList<>();
            Set<String> names = new HashSet<>();
            each(org.registries(), (registry, i) -> {
                String at = orgAt + "/registries/" + label(registry.registry(), i);
                if (registry.encryptedPassword() == null) {
                    warnings.add(at + ": left out, the file has no password for it (exported without secrets)");
                    return;
                }
                Sealed password = reseal(at + "/encryptedPassword", registry.encryptedPassword(), SecretKind.REGISTRY_PASSWORD);
                RegistryCredential checked = check(at, () -> new RegistryCredential(0, 0, registry.registry(), registry.username(), password));
                unique(names, checked.registry(), at, "registry");
                registries.add(new PlannedRegistry(checked.registry(), checked.username(), password));
            });
            return registries;
        }

        /** As a registry: the secret key re-sealed, or the target left out with a warning when the file has none. */
        private List<PlannedS3Target> s3Targets(String orgAt, InventoryDocument.Org org) {
            List<PlannedS3Target> targets = new ArrayList<>();
            Map<String, Boolean> kept = s3TargetsByOrg.computeIfAbsent(org.name(), n -> new HashMap<>());
            each(org.s3Targets(), (target, i) -> {
                String at = orgAt + "/s3Targets/" + label(target.name(), i);
                if (target.name() != null && kept.containsKey(target.name())) {
                    throw new TransferException(at + ": the organisation has two S3 targets named '" + target.name() + "'");
                }
                if (target.encryptedSecretKey() == null) {
                    warnings.add(at + ": left out, the file has no secret key for it (exported without secrets)");
                    if (target.name() != null) {
                        kept.put(target.name(), false);
                    }
                    return;
                }
                Sealed secretKey = reseal(at + "/encryptedSecretKey", target.encryptedSecretKey(), SecretKind.S3_SECRET_KEY);
                String revealed = vault.open(secretKey, SecretKind.S3_SECRET_KEY).reveal();
                if (revealed.isEmpty() || revealed.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    throw new TransferException(at + "/encryptedSecretKey: must be one line of printable characters");
                }
                S3Target checked = check(at, () -> new S3Target(0, 0, target.name(), target.endpoint(), target.region(), target.bucket(),
                        target.prefix(), target.accessKeyId(), secretKey));
                kept.put(checked.name(), true);
                targets.add(new PlannedS3Target(checked));
            });
            return targets;
        }

        private List<PlannedApplication> applications(String orgAt, InventoryDocument.Org org) {
            List<PlannedApplication> applications = new ArrayList<>();
            Set<String> names = new HashSet<>();
            each(org.applications(), (app, i) -> {
                String at = orgAt + "/applications/" + label(app.name(), i);
                Application checked = check(at, () -> new Application(0, 0, app.name()));
                unique(names, checked.name(), at, "application");
                List<PlannedEnvironment> environments = new ArrayList<>();
                Set<String> envNames = new HashSet<>();
                each(app.environments(), (env, j) -> {
                    String envAt = at + "/environments/" + label(env.name(), j);
                    Environment environment = check(envAt, () -> new Environment(0, 0, env.name()));
                    unique(envNames, environment.name(), envAt, "environment");
                    environmentPaths.add(org.name() + "/" + app.name() + "/" + env.name());
                    EnvironmentCluster cluster = env.cluster() == null ? null : check(envAt + "/cluster", () -> new EnvironmentCluster(0,
                            engine(envAt, env.cluster().engine()), env.cluster().id()));
                    List<PlannedService> services = services(envAt, org, env);
                    for (PlannedService service : services) {
                        servicesByPath.put(org.name() + "/" + app.name() + "/" + env.name() + "/" + service.service().name(),
                                new BackupTransfer.FileService(service.database() == null ? null : service.database().dataVolume(),
                                        BackupTransfer.namedVolumes(service.service().options().volumes())));
                    }
                    environments.add(new PlannedEnvironment(envAt, environment.name(), cluster,
                            variables(envAt, env.variables()), services));
                });
                applications.add(new PlannedApplication(at, checked.name(), environments));
            });
            return applications;
        }

        private List<PlannedService> services(String envAt, InventoryDocument.Org org, InventoryDocument.Env env) {
            List<PlannedService> services = new ArrayList<>();
            Set<String> names = new HashSet<>();
            each(env.services(), (svc, i) -> {
                String at = envAt + "/services/" + label(svc.name(), i);
                ServiceSource source = source(at, svc);
                DeployOptions options = deployOptions(at + "/deploy", svc.deploy());
                Service service = check(at, () -> new Service(0, 0, svc.name(), source, svc.port(), svc.healthCheckPath(),
                        svc.cpus(), svc.memoryMb(), options));
                unique(names, service.name(), at, "service");
                if (svc.registry() != null && (org.registries() == null
                        || org.registries().stream().noneMatch(r -> svc.registry().equals(r.registry())))) {
                    throw new TransferException(at + "/registry: '" + svc.registry() + "' is not one of organisation '" + org.name() + "' registries");
                }
                List<String> hostnames = new ArrayList<>();
                each(svc.domains(), (domain, j) -> {
                    String hostname = check(at + "/domains/" + j, () -> new Domain(0, 0, domain)).hostname();
                    unique(domains, hostname, at + "/domains/" + j, "domain");
                    hostnames.add(hostname);
                });
                if (svc.nodeKey() != null && svc.nodeKey() <= 0) {
                    throw new TransferException(at + "/nodeKey: must be a positive number, got " + svc.nodeKey());
                }
                if (svc.nodeKey() != null) {
                    unique(nodeKeys, Long.toString(svc.nodeKey()), at + "/nodeKey", "node key");
                }
                String deployKey = svc.git() == null ? null : svc.git().deployKey();
                dev.homeport.model.Database database = svc.database() == null ? null : check(at + "/database", () -> {
                    var engine = dev.homeport.model.DatabaseEngine.parse(svc.database().engine());
                    var planned = new dev.homeport.model.Database(0, engine, svc.database().majorVersion(), svc.database().dataVolume(),
                            svc.database().publicPort());
                    if (!(source instanceof ServiceSource.Image image) || !dev.homeport.model.DatabaseEngine.majorOf(image.image()).equals(planned.majorVersion())) {
                        throw new dev.homeport.model.ValidationException("majorVersion", "a database's image must be an image of its major version "
                                + planned.majorVersion());
                    }
                    return planned;
                });
                services.add(new PlannedService(at, service, database, svc.registry(), svc.nodeKey(), deployKey, hostnames, variables(at, svc.variables())));
            });
            return services;
        }

        private DeployOptions deployOptions(String at, InventoryDocument.Deploy deploy) {
            DeployOptions defaults = DeployOptions.defaults();
            if (deploy == null) {
                return defaults;
            }
            return check(at, () -> new DeployOptions(deploy.healthCheck() == null ? null : HealthGate.parse(deploy.healthCheck()),
                    deploy.healthTimeoutSeconds() == null ? defaults.healthTimeoutSeconds() : deploy.healthTimeoutSeconds(),
                    deploy.restart() == null ? defaults.restart() : RestartPolicy.parse(deploy.restart()),
                    deploy.volumes() == null ? List.of() : deploy.volumes().stream().map(Volume::parse).toList(),
                    deploy.keepReleases() == null ? defaults.keepReleases() : deploy.keepReleases(),
                    deploy.drainSeconds() == null ? defaults.drainSeconds() : deploy.drainSeconds(),
                    deploy.replicas() == null ? defaults.replicas() : deploy.replicas(), deploy.pinnedNode()));
        }

        private ServiceSource source(String at, InventoryDocument.Svc svc) {
            int given = (svc.image() != null ? 1 : 0) + (svc.git() != null ? 1 : 0) + (svc.folder() != null ? 1 : 0);
            if (given != 1) {
                throw new TransferException(at + ": needs exactly one of image, git or folder, got " + given);
            }
            if (svc.image() != null) {
                return check(at, () -> new ServiceSource.Image(svc.image()));
            }
            if (svc.git() != null) {
                var git = svc.git();
                if (git.deployKey() != null && (git.encryptedToken() != null || Boolean.TRUE.equals(git.token()))) {
                    throw new TransferException(at + "/git: a deploy key or a token, not both");
                }
                Sealed token = null;
                if (git.encryptedToken() != null) {
                    token = reseal(at + "/git/encryptedToken", git.encryptedToken(), SecretKind.GIT_TOKEN);
                } else if (Boolean.TRUE.equals(git.token())) {
                    warnings.add(at + "/git: its token is left out, the file has no value for it (exported without secrets);"
                            + " set it again with homeport service set --git-token-file");
                }
                Sealed checkedToken = token;
                // The deploy key is an SSH identity's id in the store: it is set when writing, once the identity is there.
                return check(at, () -> new ServiceSource.Git(git.url(), git.ref(), git.dockerfile(), git.context(), null, checkedToken));
            }
            var folder = svc.folder();
            return check(at, () -> new ServiceSource.Folder(folder.path(), folder.dockerfile()));
        }

        private List<PlannedVariable> variables(String ownerAt, List<Var> variables) {
            List<PlannedVariable> planned = new ArrayList<>();
            Set<String> keys = new HashSet<>();
            each(variables, (variable, i) -> {
                String at = ownerAt + "/variables/" + label(variable.key(), i);
                boolean secret = Boolean.TRUE.equals(variable.secret());
                if (secret && variable.value() != null) {
                    throw new TransferException(at + ": a secret variable cannot have a plain 'value'; secrets travel only as encryptedValue");
                }
                if (secret && variable.encryptedValue() == null) {
                    warnings.add(at + ": left out, the file has no value for this secret (exported without secrets)");
                    return;
                }
                if (!secret && variable.value() == null) {
                    throw new TransferException(at + ": needs a value (use \"\" for an empty one)");
                }
                Sealed sealed = secret ? reseal(at + "/encryptedValue", variable.encryptedValue(), SecretKind.VARIABLE) : null;
                Variable checked = check(at, () -> new Variable(0, VariableScope.SERVICE, 0, variable.key(), secret ? null : variable.value(), sealed));
                unique(keys, checked.key(), at, "variable");
                planned.add(new PlannedVariable(checked.key(), checked.plainValue(), sealed));
            });
            return planned;
        }

        private PlannedNode node(String at, InventoryDocument.Node node) {
            InventoryDocument.NodeIdentity identity = node.identity();
            if (identity == null || identity.kind() == null) {
                throw new TransferException(at + "/identity: needs a kind: key-file, stored-key, agent, ssh-config or password");
            }
            String storedKeyName = null;
            NodeIdentity checkedIdentity = switch (identity.kind()) {
                case "key-file" -> check(at + "/identity", () -> new NodeIdentity.KeyFile(identity.file()));
                case "stored-key" -> {
                    if (identity.name() == null) {
                        throw new TransferException(at + "/identity/name: names the stored SSH identity, and is required");
                    }
                    storedKeyName = identity.name();
                    yield new NodeIdentity.StoredKey(0);
                }
                case "agent" -> new NodeIdentity.Agent();
                case "ssh-config" -> new NodeIdentity.SshConfig();
                case "password" -> new NodeIdentity.Password(identity.encryptedPassword() == null ? null
                        : reseal(at + "/identity/encryptedPassword", identity.encryptedPassword(), SecretKind.NODE_PASSWORD));
                default -> throw new TransferException(at + "/identity/kind: must be key-file, stored-key, agent, ssh-config or password, got '"
                        + identity.kind() + "'");
            };
            WorkerNode checked = check(at, () -> new WorkerNode(0, node.name(), node.host(),
                    node.port() == null ? WorkerNode.DEFAULT_PORT : node.port(), node.user(), checkedIdentity, node.hostKey()));
            List<String> environments = new ArrayList<>();
            each(node.environments(), (path, j) -> {
                InventoryPath parsed = check(at + "/environments/" + j, () -> InventoryPath.parse(path, Level.ENVIRONMENT));
                environments.add(parsed.toString());
            });
            return new PlannedNode(at, checked, storedKeyName, environments);
        }

        private Sealed reseal(String at, String encrypted, SecretKind kind) {
            if (box == null) {
                throw new TransferException(at + ": the file has encrypted values but no 'secrets' section describing the passphrase");
            }
            try {
                return vault.seal(box.decrypt(encrypted), kind);
            } catch (VaultException e) {
                throw new TransferException(at + ": " + e.getMessage(), e);
            }
        }
    }

    /** Writes a checked plan; runs inside the import's transaction. */
    private final class Writer {
        private final Handle h;
        private final Plan plan;
        private final Map<String, Long> environmentIds = new HashMap<>();
        private final Map<String, Long> identityIds = new HashMap<>();
        private final Map<String, Long> serviceIds = new HashMap<>();
        private final Map<String, Long> nodeIds = new HashMap<>();
        /** The S3 targets written, by {@code ORG/NAME}. */
        private final Map<String, Long> s3TargetIds = new HashMap<>();
        private final List<String> warnings = new ArrayList<>();
        private int applications;
        private int environments;
        private int services;

        Writer(Handle h, Plan plan) {
            this.h = h;
            this.plan = plan;
        }

        ImportReport write() {
            refuseClashes();
            // Identities first: a git service's deploy key names one.
            for (PlannedIdentity identity : plan.identities()) {
                identityIds.put(identity.name(), h.attach(SshIdentityDao.class).insert(identity.name(), identity.publicKey(), identity.privateKey().text()));
            }
            for (PlannedOrganisation org : plan.organisations()) {
                writeOrganisation(org);
            }
            for (PlannedNode node : plan.nodes()) {
                writeNode(node);
            }
            // Last: a tunnel leads to a service or a node, of the file or of the store.
            int tunnels = SavedTunnelTransfer.write(h, plan.tunnels(), serviceIds, nodeIds);
            int schedules = BackupTransfer.write(h, plan.backups(), serviceIds, nodeIds, s3TargetIds, warnings);
            boolean key = plan.backups().key() != null && plan.backups().key().identity() != null;
            List<String> all = new ArrayList<>(plan.warnings());
            all.addAll(warnings);
            return new ImportReport(plan.organisations().size(), applications, environments, services, plan.nodes().size(),
                    plan.identities().size(), tunnels, schedules, key, all);
        }

        /** Import adds; it never overwrites. A clash names the place in the file and what is in the way. */
        private void refuseClashes() {
            for (PlannedOrganisation org : plan.organisations()) {
                if (h.attach(OrganisationDao.class).findByName(org.organisation().name()).isPresent()) {
                    throw new TransferException(org.at() + ": this store already has an organisation named '"
                            + org.organisation().name() + "'; rename or delete it first");
                }
                for (PlannedApplication app : org.applications()) {
                    for (PlannedEnvironment env : app.environments()) {
                        for (PlannedService service : env.services()) {
                            if (service.nodeKey() != null) {
                                var owner = h.attach(ServiceDao.class).findByNodeKey(service.nodeKey());
                                if (owner.isPresent()) {
                                    throw new TransferException(service.at() + "/nodeKey: service '" + owner.get().name()
                                            + "' of this store has this node key already (was the file imported here before?);"
                                            + " two services cannot own the same containers");
                                }
                            }
                            for (String domain : service.domains()) {
                                if (h.attach(DomainDao.class).findByHostname(domain).isPresent()) {
                                    throw new TransferException(service.at() + "/domains: '" + domain + "' is already routed to a service in this store");
                                }
                            }
                        }
                    }
                }
            }
            for (PlannedIdentity identity : plan.identities()) {
                if (h.attach(SshIdentityDao.class).findByName(identity.name()).isPresent()) {
                    throw new TransferException(identity.at() + ": this store already has an SSH identity named '" + identity.name() + "'");
                }
            }
            for (PlannedNode node : plan.nodes()) {
                if (h.attach(WorkerNodeDao.class).findByName(node.node().name()).isPresent()) {
                    throw new TransferException(node.at() + ": this store already has a node named '" + node.node().name() + "'");
                }
            }
            SavedTunnelTransfer.refuseClashes(h, plan.tunnels());
            BackupTransfer.refuseClashes(h, plan.backups());
        }

        private void writeOrganisation(PlannedOrganisation org) {
            long orgId = h.attach(OrganisationDao.class).insert(org.organisation().name(), org.organisation().acmeEmail(),
                    org.organisation().acmeDirectory());
            Map<String, Long> registryIds = new HashMap<>();
            for (PlannedRegistry registry : org.registries()) {
                registryIds.put(registry.registry(), h.attach(RegistryCredentialDao.class)
                        .insert(orgId, registry.registry(), registry.username(), registry.password().text()));
            }
            for (PlannedS3Target planned : org.s3Targets()) {
                S3Target t = planned.target();
                s3TargetIds.put(org.organisation().name() + "/" + t.name(), h.attach(dev.homeport.model.store.S3TargetDao.class)
                        .insert(orgId, t.name(), t.endpoint(), t.region(), t.bucket(), t.prefix(), t.accessKeyId(), t.secretKey().text()));
            }
            for (PlannedApplication app : org.applications()) {
                long appId = h.attach(ApplicationDao.class).insert(orgId, app.name());
                applications++;
                for (PlannedEnvironment env : app.environments()) {
                    long envId = h.attach(EnvironmentDao.class).insert(appId, env.name());
                    environments++;
                    String envPath = org.organisation().name() + "/" + app.name() + "/" + env.name();
                    environmentIds.put(envPath, envId);
                    writeVariables(VariableScope.ENVIRONMENT, envId, env.variables());
                    if (env.cluster() != null) {
                        h.attach(EnvironmentClusterDao.class).save(envId, env.cluster().engine().name(), env.cluster().clusterId());
                    }
                    for (PlannedService planned : env.services()) {
                        serviceIds.put(envPath + "/" + planned.service().name(), writeService(envId, planned, registryIds));
                    }
                }
            }
        }

        /** Returns the new service's id. */
        private long writeService(long envId, PlannedService planned, Map<String, Long> registryIds) {
            Service s = planned.service();
            ServiceSource source = s.source() instanceof ServiceSource.Image image && planned.registry() != null
                    ? new ServiceSource.Image(image.image(), registryIds.get(planned.registry()))
                    : s.source();
            if (source instanceof ServiceSource.Git git && planned.deployKey() != null) {
                Long keyId = identityIds.get(planned.deployKey());
                if (keyId == null) {
                    keyId = h.attach(SshIdentityDao.class).findByName(planned.deployKey()).map(SshIdentity::id).orElse(null);
                }
                if (keyId == null) {
                    warnings.add(planned.at() + "/git/deployKey: no SSH identity named '" + planned.deployKey() + "' in the file or the store"
                            + " (exported without secrets?); the service is imported without its deploy key");
                } else {
                    Long id = keyId;
                    source = check(planned.at() + "/git", () -> new ServiceSource.Git(git.url(), git.ref(), git.dockerfile(), git.context(), id, null));
                }
            }
            Service row = new Service(0, envId, s.name(), source, s.port(), s.healthCheckPath(), s.cpuLimit(), s.memoryLimitMb(), s.options());
            long serviceId = planned.nodeKey() == null ? h.attach(ServiceDao.class).insert(row)
                    : h.attach(ServiceDao.class).insert(row, planned.nodeKey());
            services++;
            for (String domain : planned.domains()) {
                h.attach(DomainDao.class).insert(serviceId, domain);
            }
            writeVariables(VariableScope.SERVICE, serviceId, planned.variables());
            if (planned.database() != null) {
                var d = planned.database();
                h.attach(dev.homeport.model.store.DatabaseDao.class).insert(new dev.homeport.model.Database(serviceId, d.engine(), d.majorVersion(), d.dataVolume(),
                        d.publicPort()));
            }
            return serviceId;
        }

        private void writeVariables(VariableScope scope, long ownerId, List<PlannedVariable> variables) {
            for (PlannedVariable v : variables) {
                h.attach(VariableDao.class).insert(new Variable(0, scope, ownerId, v.key(), v.plainValue(), v.secretValue()));
            }
        }

        private void writeNode(PlannedNode planned) {
            WorkerNode node = planned.node();
            if (planned.storedKeyName() != null) {
                Long identityId = identityIds.get(planned.storedKeyName());
                if (identityId == null) {
                    identityId = h.attach(SshIdentityDao.class).findByName(planned.storedKeyName()).map(SshIdentity::id)
                            .orElseThrow(() -> new TransferException(planned.at() + "/identity/name: no SSH identity named '"
                                    + planned.storedKeyName() + "' in the file or the store (was it exported without secrets?)"));
                }
                node = new WorkerNode(0, node.name(), node.host(), node.port(), node.user(), new NodeIdentity.StoredKey(identityId), node.hostKey());
            }
            long nodeId = h.attach(WorkerNodeDao.class).insert(node);
            nodeIds.put(node.name(), nodeId);
            for (String path : planned.environments()) {
                Long envId = environmentIds.get(path);
                if (envId == null) {
                    envId = existingEnvironment(path)
                            .orElseThrow(() -> new TransferException(planned.at() + "/environments: no environment '" + path + "' in the file or the store"));
                }
                h.attach(WorkerNodeDao.class).attach(nodeId, envId);
            }
        }

        private java.util.Optional<Long> existingEnvironment(String path) {
            List<String> parts = InventoryPath.parse(path).parts();
            return h.attach(OrganisationDao.class).findByName(parts.get(0))
                    .flatMap(o -> h.attach(ApplicationDao.class).findByName(o.id(), parts.get(1)))
                    .flatMap(a -> h.attach(EnvironmentDao.class).findByName(a.id(), parts.get(2)))
                    .map(Environment::id);
        }
    }

    // ---- small helpers ------------------------------------------------------------------------

    /** Runs a record constructor and reports its validation error under the place in the file. */
    private static ClusterEngine engine(String at, String name) {
        for (ClusterEngine engine : ClusterEngine.values()) {
            if (engine.name().equalsIgnoreCase(String.valueOf(name))) {
                return engine;
            }
        }
        throw new TransferException(at + "/cluster/engine: must be swarm, got '" + name + "'");
    }

    static <T> T check(String at, Supplier<T> build) {
        try {
            return build.get();
        } catch (ValidationException e) {
            throw new TransferException(at + "/" + e.field() + ": " + e.rule(), e);
        } catch (NullPointerException e) {
            throw new TransferException(at + ": a required value is missing", e);
        }
    }

    static void unique(Set<String> seen, String name, String at, String what) {
        if (!seen.add(name)) {
            throw new TransferException(at + ": the file has two of " + what + " '" + name + "'");
        }
    }

    static String label(String name, int index) {
        return name == null || name.isBlank() ? Integer.toString(index) : name;
    }

    interface IndexedConsumer<T> {
        void accept(T item, int index);
    }

    static <T> void each(List<T> items, IndexedConsumer<T> action) {
        if (items == null) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == null) {
                throw new TransferException("an empty list entry at position " + i);
            }
            action.accept(items.get(i), i);
        }
    }
}
