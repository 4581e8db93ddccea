package dev.homeport.model.inventory;

import dev.homeport.model.Application;
import dev.homeport.model.Check;
import dev.homeport.model.Domain;
import dev.homeport.model.Environment;
import dev.homeport.model.Organisation;
import dev.homeport.model.RegistryCredential;
import dev.homeport.model.Service;
import dev.homeport.model.ValidationException;
import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.store.ApplicationDao;
import dev.homeport.model.store.DomainDao;
import dev.homeport.model.store.EnvironmentDao;
import dev.homeport.model.store.OrganisationDao;
import dev.homeport.model.store.RegistryCredentialDao;
import dev.homeport.model.store.ServiceDao;
import dev.homeport.model.store.Store;
import dev.homeport.model.store.VariableDao;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.SecretKind;
import dev.homeport.model.vault.Vault;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;

/**
 * The operations on the Organisation → Application → Environment → Service
 * tree, with their domains and variables. The UI and the CLI both call this.
 * Every change is checked before anything is written, and runs as one
 * transaction, so rejected input changes nothing.
 */
public final class Inventory {
    private final Store store;
    private final Vault vault;

    public Inventory(Store store, Vault vault) {
        this.store = store;
        this.vault = vault;
    }

    /** The services that are databases: create one, read its engine and pinned version. */
    public Databases databases() {
        return new Databases(store, vault);
    }

    /** Each organisation's S3-compatible storage for copies of backups (see {@link S3Targets}). */
    public S3Targets s3Targets() {
        return new S3Targets(store, vault);
    }

    /** The tunnels kept by name (see {@link SavedTunnelInventory}). */
    public SavedTunnelInventory savedTunnels() {
        return new SavedTunnelInventory(store);
    }

    public InventoryTree tree() {
        return store.read(h -> new InventoryTree(h.attach(OrganisationDao.class).list(),
                h.attach(ApplicationDao.class).listAll(), h.attach(EnvironmentDao.class).listAll(),
                h.attach(ServiceDao.class).listAll()));
    }

    // ---- reading single items ------------------------------------------------------------

    public List<Organisation> organisations() {
        return store.read(h -> h.attach(OrganisationDao.class).list());
    }

    public Organisation organisation(long id) {
        return store.read(h -> h.attach(OrganisationDao.class).find(id))
                .orElseThrow(() -> new NotFoundException("No organisation with id " + id + "."));
    }

    public Application application(long id) {
        return store.read(h -> h.attach(ApplicationDao.class).find(id))
                .orElseThrow(() -> new NotFoundException("No application with id " + id + "."));
    }

    public Environment environment(long id) {
        return store.read(h -> h.attach(EnvironmentDao.class).find(id))
                .orElseThrow(() -> new NotFoundException("No environment with id " + id + "."));
    }

    /** The random key that names the service on its nodes (container labels, Caddy routes), unique across stores. */
    public long serviceNodeKey(long serviceId) {
        return store.read(h -> h.attach(ServiceDao.class).nodeKey(serviceId))
                .orElseThrow(() -> new NotFoundException("No service with id " + serviceId + "."));
    }

    /** The service of this store that a node key names, if any: a key no service here has is another store's. */
    public java.util.Optional<Service> serviceByNodeKey(long nodeKey) {
        return store.read(h -> h.attach(ServiceDao.class).findByNodeKey(nodeKey));
    }

    public Service service(long id) {
        return store.read(h -> h.attach(ServiceDao.class).find(id))
                .orElseThrow(() -> new NotFoundException("No service with id " + id + "."));
    }

    public List<Application> applications(long organisationId) {
        return store.read(h -> h.attach(ApplicationDao.class).list(organisationId));
    }

    public List<Environment> environments(long applicationId) {
        return store.read(h -> h.attach(EnvironmentDao.class).list(applicationId));
    }

    public List<Service> services(long environmentId) {
        return store.read(h -> h.attach(ServiceDao.class).list(environmentId));
    }

    /** Finds the item a path names, or says which part of the path does not exist. */
    public Ref resolve(InventoryPath path) {
        return store.read(h -> resolve(h, path));
    }

    public InventoryPath pathOf(Ref ref) {
        return store.read(h -> pathOf(h, ref));
    }

    // ---- creating ------------------------------------------------------------------------

    public Organisation createOrganisation(String name) {
        Organisation draft = Organisation.draft(name);
        return store.write(h -> {
            OrganisationDao dao = h.attach(OrganisationDao.class);
            if (dao.findByName(name).isPresent()) {
                throw new ValidationException("name", "an organisation named '" + name + "' already exists");
            }
            return new Organisation(dao.insert(draft.name(), null, null), draft.name(), null, null);
        });
    }

    public Application createApplication(long organisationId, String name) {
        Check.dnsLabel("name", name);
        return store.write(h -> {
            Organisation organisation = h.attach(OrganisationDao.class).find(organisationId)
                    .orElseThrow(() -> new NotFoundException("No organisation with id " + organisationId + "."));
            requireFreeName(h, Level.APPLICATION, organisationId, name, "organisation '" + organisation.name() + "'");
            return new Application(h.attach(ApplicationDao.class).insert(organisationId, name), organisationId, name);
        });
    }

    public Environment createEnvironment(long applicationId, String name) {
        Check.dnsLabel("name", name);
        return store.write(h -> {
            Application application = h.attach(ApplicationDao.class).find(applicationId)
                    .orElseThrow(() -> new NotFoundException("No application with id " + applicationId + "."));
            requireFreeName(h, Level.ENVIRONMENT, applicationId, name, "application '" + application.name() + "'");
            return new Environment(h.attach(EnvironmentDao.class).insert(applicationId, name), applicationId, name);
        });
    }

    /** Adds a service to the environment named in {@code draft.environmentId()}. */
    public Service createService(Service draft) {
        return store.write(h -> {
            Environment environment = h.attach(EnvironmentDao.class).find(draft.environmentId())
                    .orElseThrow(() -> new NotFoundException("No environment with id " + draft.environmentId() + "."));
            requireFreeName(h, Level.SERVICE, environment.id(), draft.name(), "environment '" + environment.name() + "'");
            long id = h.attach(ServiceDao.class).insert(draft);
            return new Service(id, draft.environmentId(), draft.name(), draft.source(), draft.port(),
                    draft.healthCheckPath(), draft.cpuLimit(), draft.memoryLimitMb(), draft.options());
        });
    }

    /** Replaces a service's settings (its source, port, health check, limits and deploy options). */
    public Service updateService(Service changed) {
        return store.write(h -> {
            Service current = h.attach(ServiceDao.class).find(changed.id())
                    .orElseThrow(() -> new NotFoundException("No service with id " + changed.id() + "."));
            if (!current.name().equals(changed.name())) {
                requireFreeName(h, Level.SERVICE, current.environmentId(), changed.name(), "this environment");
            }
            var database = h.attach(dev.homeport.model.store.DatabaseDao.class).find(current.id());
            if (database.isPresent()) {
                Databases.requireKept(database.get(), changed);
            }
            h.attach(ServiceDao.class).update(new Service(current.id(), current.environmentId(), changed.name(),
                    changed.source(), changed.port(), changed.healthCheckPath(), changed.cpuLimit(), changed.memoryLimitMb(),
                    changed.options()));
            return h.attach(ServiceDao.class).find(current.id()).orElseThrow();
        });
    }

    /** Sets the organisation's ACME email; null or blank removes it. */
    public Organisation setAcmeEmail(long organisationId, String email) {
        String checked = acmeEmail(email);
        return updateOrganisation(organisationId, current -> new Organisation(current.id(), current.name(), checked, current.acmeDirectory()));
    }

    /**
     * Sets the directory URL of the ACME CA that issues the certificates of the organisation's public names
     * (such as {@link Organisation#LETS_ENCRYPT_STAGING}); null or blank goes back to Let's Encrypt. Services
     * get it with their next deploy.
     */
    public Organisation setAcmeDirectory(long organisationId, String directory) {
        String checked = acmeDirectory(directory);
        return updateOrganisation(organisationId, current -> new Organisation(current.id(), current.name(), current.acmeEmail(), checked));
    }

    /** Sets both the ACME email and the ACME directory in one write, each as its own setter does; a bad value changes neither. */
    public Organisation setAcme(long organisationId, String email, String directory) {
        String checkedEmail = acmeEmail(email);
        String checkedDirectory = acmeDirectory(directory);
        return updateOrganisation(organisationId, current -> new Organisation(current.id(), current.name(), checkedEmail, checkedDirectory));
    }

    private static String acmeEmail(String email) {
        return email == null || email.isBlank() ? null : Check.email("acmeEmail", email.strip());
    }

    private static String acmeDirectory(String directory) {
        return directory == null || directory.isBlank() ? null : Check.httpsUrl("acmeDirectory", directory.strip());
    }

    private Organisation updateOrganisation(long organisationId, UnaryOperator<Organisation> change) {
        return store.write(h -> {
            OrganisationDao dao = h.attach(OrganisationDao.class);
            Organisation current = dao.find(organisationId)
                    .orElseThrow(() -> new NotFoundException("No organisation with id " + organisationId + "."));
            Organisation changed = change.apply(current);
            dao.update(organisationId, changed.name(), changed.acmeEmail(), changed.acmeDirectory());
            return changed;
        });
    }

    // ---- renaming and deleting -------------------------------------------------------------

    public void rename(Ref ref, String newName) {
        Check.dnsLabel("name", newName);
        store.update(h -> {
            long parent = parentId(h, ref);
            String current = nameOf(h, ref);
            if (current.equals(newName)) {
                return;
            }
            requireFreeName(h, ref.level(), parent, newName, ref.level() == Level.ORGANISATION ? null : "its " + ref.level().parent().singular());
            int changed = switch (ref.level()) {
                case ORGANISATION -> {
                    Organisation organisation = h.attach(OrganisationDao.class).find(ref.id()).orElseThrow();
                    yield h.attach(OrganisationDao.class).update(ref.id(), newName, organisation.acmeEmail(), organisation.acmeDirectory());
                }
                case APPLICATION -> h.attach(ApplicationDao.class).rename(ref.id(), newName);
                case ENVIRONMENT -> h.attach(EnvironmentDao.class).rename(ref.id(), newName);
                case SERVICE -> h.attach(ServiceDao.class).rename(ref.id(), newName);
            };
            if (changed != 1) {
                throw new NotFoundException("The " + ref.level().singular() + " was removed meanwhile.");
            }
        });
    }

    /** Everything a delete would remove, for the confirmation the user sees first. */
    public DeletionPlan planDeletion(Ref ref) {
        return store.read(h -> new DeletionPlanner(h).plan(ref, pathOf(h, ref)));
    }

    /** Deletes the item and everything under it, in one transaction. */
    public void delete(Ref ref) {
        store.update(h -> {
            int deleted = switch (ref.level()) {
                case ORGANISATION -> h.attach(OrganisationDao.class).delete(ref.id());
                case APPLICATION -> h.attach(ApplicationDao.class).delete(ref.id());
                case ENVIRONMENT -> h.attach(EnvironmentDao.class).delete(ref.id());
                case SERVICE -> h.attach(ServiceDao.class).delete(ref.id());
            };
            if (deleted != 1) {
                throw new NotFoundException("The " + ref.level().singular() + " was already removed.");
            }
        });
    }

    // ---- domains ---------------------------------------------------------------------------

    public List<Domain> domains(long serviceId) {
        return store.read(h -> h.attach(DomainDao.class).list(serviceId));
    }

    public Domain addDomain(long serviceId, String hostname) {
        Domain draft = new Domain(0, serviceId, hostname);
        return store.write(h -> {
            h.attach(ServiceDao.class).find(serviceId)
                    .orElseThrow(() -> new NotFoundException("No service with id " + serviceId + "."));
            var taken = h.attach(DomainDao.class).findByHostname(draft.hostname());
            if (taken.isPresent()) {
                Service owner = h.attach(ServiceDao.class).find(taken.get().serviceId()).orElseThrow();
                throw new ValidationException("domain", "'" + draft.hostname() + "' is already routed to service '"
                        + pathOf(h, new Ref(Level.SERVICE, owner.id())) + "'");
            }
            return new Domain(h.attach(DomainDao.class).insert(serviceId, draft.hostname()), serviceId, draft.hostname());
        });
    }

    public void removeDomain(long domainId) {
        store.update(h -> {
            if (h.attach(DomainDao.class).delete(domainId) != 1) {
                throw new NotFoundException("That domain was already removed.");
            }
        });
    }

    // ---- variables ---------------------------------------------------------------------------

    public List<Variable> variables(VariableScope scope, long ownerId) {
        return store.read(h -> h.attach(VariableDao.class).of(scope, ownerId));
    }

    /** Sets a plain variable, replacing any variable with that key. */
    public Variable setVariable(VariableScope scope, long ownerId, String key, String value) {
        return replaceVariable(new Variable(0, scope, ownerId, key, value, null));
    }

    /** Sets a secret variable: it is sealed here and only the sealed form is stored. */
    public Variable setSecret(VariableScope scope, long ownerId, String key, Secret value) {
        Check.variableKey("key", key);
        Variable.checkValue(key, value.reveal());
        return replaceVariable(new Variable(0, scope, ownerId, key, null, vault.seal(value, SecretKind.VARIABLE)));
    }

    /**
     * Sets several variables in one transaction, each replacing any variable with its key: all are
     * set, or (when one is refused) none. Secrets are sealed here and only the sealed form is stored.
     */
    public void setVariables(VariableScope scope, long ownerId, java.util.Map<String, String> plain, java.util.Map<String, Secret> secrets) {
        List<Variable> drafts = new java.util.ArrayList<>();
        plain.forEach((key, value) -> drafts.add(new Variable(0, scope, ownerId, key, value, null)));
        secrets.forEach((key, value) -> {
            Check.variableKey("key", key);
            Variable.checkValue(key, value.reveal());
            drafts.add(new Variable(0, scope, ownerId, key, null, vault.seal(value, SecretKind.VARIABLE)));
        });
        store.update(h -> {
            requireOwner(h, scope, ownerId);
            VariableDao dao = h.attach(VariableDao.class);
            java.util.Set<String> keys = new java.util.HashSet<>(plain.keySet());
            keys.addAll(secrets.keySet());
            dao.of(scope, ownerId).stream().filter(v -> keys.contains(v.key())).forEach(v -> dao.delete(v.id()));
            drafts.forEach(dao::insert);
        });
    }

    public boolean unsetVariable(VariableScope scope, long ownerId, String key) {
        return store.write(h -> {
            VariableDao dao = h.attach(VariableDao.class);
            var existing = dao.of(scope, ownerId).stream().filter(v -> v.key().equals(key)).findFirst();
            existing.ifPresent(v -> dao.delete(v.id()));
            return existing.isPresent();
        });
    }

    // ---- registry credentials ----------------------------------------------------------------

    public RegistryCredential registryCredential(long id) {
        return store.read(h -> h.attach(RegistryCredentialDao.class).find(id))
                .orElseThrow(() -> new NotFoundException("No registry credential with id " + id + "."));
    }

    public List<RegistryCredential> registryCredentials(long organisationId) {
        return store.read(h -> h.attach(RegistryCredentialDao.class).list(organisationId));
    }

    /** The organisation's login for {@code registry} (as given: {@code ghcr.io}, {@code registry.example.com:5000}). */
    public java.util.Optional<RegistryCredential> registryCredential(long organisationId, String registry) {
        return registryCredentials(organisationId).stream().filter(c -> c.registry().equalsIgnoreCase(registry)).findFirst();
    }

    /** Keeps a registry login for the organisation, its password sealed; it replaces the login for the same registry. */
    public RegistryCredential setRegistryCredential(long organisationId, String registry, String username, Secret password) {
        if (password.isEmpty()) {
            throw new ValidationException("password", "is required");
        }
        RegistryCredential draft = new RegistryCredential(0, organisationId, registry.strip().toLowerCase(java.util.Locale.ROOT),
                username.strip(), vault.seal(password, SecretKind.REGISTRY_PASSWORD));
        return store.write(h -> {
            h.attach(OrganisationDao.class).find(organisationId)
                    .orElseThrow(() -> new NotFoundException("No organisation with id " + organisationId + "."));
            RegistryCredentialDao dao = h.attach(RegistryCredentialDao.class);
            var existing = dao.list(organisationId).stream().filter(c -> c.registry().equals(draft.registry())).findFirst();
            long id;
            if (existing.isPresent()) {
                // Services that use it keep pointing at the same row.
                id = existing.get().id();
                dao.update(id, draft.username(), draft.password().text());
            } else {
                id = dao.insert(organisationId, draft.registry(), draft.username(), draft.password().text());
            }
            return dao.find(id).orElseThrow();
        });
    }

    /** Changes the user of an organisation's login for {@code registry} and keeps its sealed password: an edit that leaves the password empty. */
    public RegistryCredential setRegistryUser(long organisationId, String registry, String username) {
        String user = dev.homeport.model.Check.notBlank("username", username).strip();
        return store.write(h -> {
            RegistryCredentialDao dao = h.attach(RegistryCredentialDao.class);
            RegistryCredential existing = dao.list(organisationId).stream().filter(c -> c.registry().equalsIgnoreCase(registry.strip())).findFirst()
                    .orElseThrow(() -> new NotFoundException("There is no login for " + registry.strip() + " to change; add one with its password."));
            dao.update(existing.id(), user, existing.password().text());
            return dao.find(existing.id()).orElseThrow();
        });
    }

    /** Forgets a registry login; services that used it pull without one. Returns false when there was none. */
    public boolean removeRegistryCredential(long organisationId, String registry) {
        return store.write(h -> {
            RegistryCredentialDao dao = h.attach(RegistryCredentialDao.class);
            var existing = dao.list(organisationId).stream().filter(c -> c.registry().equalsIgnoreCase(registry)).findFirst();
            existing.ifPresent(c -> dao.delete(c.id()));
            return existing.isPresent();
        });
    }

    /** Decrypts a registry password in memory, to hand to Docker's API when pulling. */
    public Secret registryPassword(RegistryCredential credential) {
        return vault.open(credential.password(), SecretKind.REGISTRY_PASSWORD);
    }

    /** Decrypts a git token in memory, for cloning a private repository on a node. */
    public Secret gitToken(dev.homeport.model.vault.Sealed token) {
        return vault.open(token, SecretKind.GIT_TOKEN);
    }

    /** Seals a git token, for a service's git source. */
    public dev.homeport.model.vault.Sealed sealGitToken(Secret token) {
        return vault.seal(token, SecretKind.GIT_TOKEN);
    }

    /** Opens a secret variable's sealed value kept in a deployment's config snapshot, in memory, for Docker. */
    public Secret openVariable(dev.homeport.model.vault.Sealed sealed) {
        return vault.open(sealed, SecretKind.VARIABLE);
    }

    /** Seals a value as a secret variable's (for a value a reference made secret), in memory. */
    public dev.homeport.model.vault.Sealed sealVariable(Secret value) {
        return vault.seal(value, SecretKind.VARIABLE);
    }

    /** Decrypts a secret variable in memory, for showing on demand or passing to Docker. */
    public Secret reveal(Variable variable) {
        if (!variable.secret()) {
            return Secret.of(variable.plainValue());
        }
        return vault.open(variable.secretValue(), SecretKind.VARIABLE);
    }

    private Variable replaceVariable(Variable variable) {
        return store.write(h -> {
            requireOwner(h, variable.scope(), variable.ownerId());
            VariableDao dao = h.attach(VariableDao.class);
            dao.of(variable.scope(), variable.ownerId()).stream()
                    .filter(v -> v.key().equals(variable.key()))
                    .forEach(v -> dao.delete(v.id()));
            long id = dao.insert(variable);
            return new Variable(id, variable.scope(), variable.ownerId(), variable.key(), variable.plainValue(), variable.secretValue());
        });
    }

    private static void requireOwner(Handle h, VariableScope scope, long ownerId) {
        boolean exists = scope == VariableScope.ENVIRONMENT
                ? h.attach(EnvironmentDao.class).find(ownerId).isPresent()
                : h.attach(ServiceDao.class).find(ownerId).isPresent();
        if (!exists) {
            throw new NotFoundException("No " + scope.name().toLowerCase(java.util.Locale.ROOT) + " with id " + ownerId + ".");
        }
    }

    // ---- shared lookups ----------------------------------------------------------------------

    static Ref resolve(Handle h, InventoryPath path) {
        List<String> parts = path.parts();
        Organisation organisation = h.attach(OrganisationDao.class).findByName(parts.get(0))
                .orElseThrow(() -> new NotFoundException("No organisation named '" + parts.get(0) + "'."));
        if (parts.size() == 1) {
            return new Ref(Level.ORGANISATION, organisation.id());
        }
        Application application = h.attach(ApplicationDao.class).findByName(organisation.id(), parts.get(1))
                .orElseThrow(() -> new NotFoundException("No application named '" + parts.get(1) + "' in organisation '" + parts.get(0) + "'."));
        if (parts.size() == 2) {
            return new Ref(Level.APPLICATION, application.id());
        }
        Environment environment = h.attach(EnvironmentDao.class).findByName(application.id(), parts.get(2))
                .orElseThrow(() -> new NotFoundException("No environment named '" + parts.get(2) + "' in " + String.join("/", parts.subList(0, 2)) + "."));
        if (parts.size() == 3) {
            return new Ref(Level.ENVIRONMENT, environment.id());
        }
        Service service = h.attach(ServiceDao.class).findByName(environment.id(), parts.get(3))
                .orElseThrow(() -> new NotFoundException("No service named '" + parts.get(3) + "' in " + String.join("/", parts.subList(0, 3)) + "."));
        return new Ref(Level.SERVICE, service.id());
    }

    static InventoryPath pathOf(Handle h, Ref ref) {
        String name = nameOf(h, ref);
        if (ref.level() == Level.ORGANISATION) {
            return new InventoryPath(List.of(name));
        }
        return pathOf(h, new Ref(ref.level().parent(), parentId(h, ref))).child(name);
    }

    private static String nameOf(Handle h, Ref ref) {
        java.util.Optional<String> name = switch (ref.level()) {
            case ORGANISATION -> h.attach(OrganisationDao.class).find(ref.id()).map(Organisation::name);
            case APPLICATION -> h.attach(ApplicationDao.class).find(ref.id()).map(Application::name);
            case ENVIRONMENT -> h.attach(EnvironmentDao.class).find(ref.id()).map(Environment::name);
            case SERVICE -> h.attach(ServiceDao.class).find(ref.id()).map(Service::name);
        };
        return name.orElseThrow(() -> missing(ref));
    }

    /** The parent's id; 0 for organisations, which have none. */
    private static long parentId(Handle h, Ref ref) {
        java.util.Optional<Long> parent = switch (ref.level()) {
            case ORGANISATION -> h.attach(OrganisationDao.class).find(ref.id()).map(o -> 0L);
            case APPLICATION -> h.attach(ApplicationDao.class).find(ref.id()).map(Application::organisationId);
            case ENVIRONMENT -> h.attach(EnvironmentDao.class).find(ref.id()).map(Environment::applicationId);
            case SERVICE -> h.attach(ServiceDao.class).find(ref.id()).map(Service::environmentId);
        };
        return parent.orElseThrow(() -> missing(ref));
    }

    private static NotFoundException missing(Ref ref) {
        return new NotFoundException("No " + ref.level().singular() + " with id " + ref.id() + ".");
    }

    private static void requireFreeName(Handle h, Level level, long parentId, String name, String where) {
        boolean taken = switch (level) {
            case ORGANISATION -> h.attach(OrganisationDao.class).findByName(name).isPresent();
            case APPLICATION -> h.attach(ApplicationDao.class).findByName(parentId, name).isPresent();
            case ENVIRONMENT -> h.attach(EnvironmentDao.class).findByName(parentId, name).isPresent();
            case SERVICE -> h.attach(ServiceDao.class).findByName(parentId, name).isPresent();
        };
        if (taken) {
            throw new ValidationException("name", where == null
                    ? "an organisation named '" + name + "' already exists"
                    : where + " already has " + (level == Level.SERVICE ? "a " : "an ") + level.singular() + " named '" + name + "'");
        }
    }
}
