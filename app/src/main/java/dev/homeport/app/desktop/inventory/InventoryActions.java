package dev.homeport.app.desktop.inventory;

import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.model.Check;
import dev.homeport.model.Service;
import dev.homeport.model.ValidationException;
import dev.homeport.model.inventory.DeletionPlan;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import dev.homeport.ssh.deploy.UndeployPlan;
import javafx.stage.Window;

/**
 * Create, rename and delete at every level: ask, check, run in the
 * background, then refresh the tree and go to the result. The tree's context
 * menu and the pages' buttons both call these.
 */
public final class InventoryActions {
    private final MainModel model;
    private final Window owner;

    public InventoryActions(MainModel model, Window owner) {
        this.model = model;
        this.owner = owner;
    }

    private Inventory inventory() {
        return model.homeport().inventory();
    }

    public void createOrganisation() {
        Dialogs.askName(owner, "New organisation", "An organisation holds your applications. Its name:", "", InventoryActions::nameProblem)
                .ifPresent(name -> model.tasks().run("Creating organisation " + name, () -> inventory().createOrganisation(name))
                        .onSuccess(created -> model.refresh(new Ref(Level.ORGANISATION, created.id())))
                        .start());
    }

    /** Creates a child of {@code parent}: an application, environment or (through its own dialog) a service. */
    public void createChild(Ref parent) {
        Level level = parent.level().child();
        if (level == Level.SERVICE) {
            model.tasks().run("Reading registry logins and SSH identities", () -> ServiceDialog.Choices.read(model, parent.id()))
                    .onSuccess(choices -> new ServiceDialog(owner, null, model, choices).ask().ifPresent(draft -> model.tasks()
                            .run("Creating service " + draft.service().name(),
                                    () -> inventory().createService(draft.resolve(inventory()).withEnvironment(parent.id())))
                            .onSuccess(created -> model.refresh(new Ref(Level.SERVICE, created.id())))
                            .start()))
                    .start();
            return;
        }
        String prompt = level == Level.APPLICATION
                ? "An application groups the environments (such as production and staging) of one product. Its name:"
                : "An environment is one stage of the application, such as production or staging. Its name:";
        Dialogs.askName(owner, "New " + level.singular(), prompt, "", InventoryActions::nameProblem)
                .ifPresent(name -> model.tasks().run("Creating " + level.singular() + " " + name, () -> level == Level.APPLICATION
                                ? inventory().createApplication(parent.id(), name).id()
                                : inventory().createEnvironment(parent.id(), name).id())
                        .onSuccess(id -> model.refresh(new Ref(level, id)))
                        .start());
    }

    /** Creates a database service in the environment {@code environment}, through its own dialog. */
    public void createDatabase(Ref environment) {
        new DatabaseDialog(owner).ask().ifPresent(draft -> model.tasks()
                .run("Creating database " + draft.name(), () -> inventory().databases()
                        .create(environment.id(), draft.name(), draft.engine(), draft.image()))
                .onSuccess(created -> model.refresh(new Ref(Level.SERVICE, created.serviceId())))
                .start());
    }

    /**
     * Gives a database a new password, in the running database and the vault, after asking; a notice names the
     * services that get it on their next deploy.
     */
    public void changeDatabasePassword(Service database) {
        if (!Dialogs.confirmDanger(owner, "Change the password of " + database.name(),
                "A new random password is set in the running database and kept in the vault. Services that refer to it"
                        + " keep the old one until their next deploy, and cannot connect until then.", "Change password")) {
            return;
        }
        model.tasks().run("Changing the password of " + database.name(),
                        () -> model.homeport().deployService().changeDatabasePassword(database.id(), new dev.homeport.app.desktop.FxPrompts(owner)))
                .onSuccess(change -> model.notices().add(new Notice("Password changed",
                        change.needRedeploy().isEmpty() ? "No service refers to " + database.name() + "."
                                : "Redeploy to pass it on: " + String.join(", ", change.needRedeploy()) + ".", false)))
                .start();
    }

    /** Edits a service's settings (source, port, health check, limits) in its dialog. */
    public void editService(Service service) {
        model.tasks().run("Reading registry logins and SSH identities", () -> ServiceDialog.Choices.read(model, service.environmentId()))
                .onSuccess(choices -> new ServiceDialog(owner, service, model, choices).ask().ifPresent(changed -> model.tasks()
                        .run("Saving " + service.name(), () -> inventory().updateService(changed.resolve(inventory())))
                        .onSuccess(saved -> model.refresh(new Ref(Level.SERVICE, saved.id())))
                        .start()))
                .start();
    }

    public void rename(Ref ref, String currentName) {
        Dialogs.askName(owner, "Rename " + ref.level().singular(), "New name for '" + currentName + "':", currentName, InventoryActions::nameProblem)
                .filter(name -> !name.equals(currentName))
                .ifPresent(name -> model.tasks().run("Renaming " + currentName, () -> inventory().rename(ref, name))
                        .onSuccess(done -> model.refresh(ref))
                        .start());
    }

    /** What a delete would remove: from the inventory, and what its services run on their nodes. */
    private record Plans(DeletionPlan inventory, UndeployPlan nodes) {
    }

    /**
     * Shows everything the delete removes, the inventory's part and what runs on the nodes (asked of
     * the nodes first), and deletes only after the user confirms; undeploying too if they chose it.
     */
    public void delete(Ref ref) {
        model.tasks().run("Checking what the delete removes", () -> new Plans(inventory().planDeletion(ref),
                        model.homeport().undeploy().plan(ref, false, new FxPrompts(owner))))
                .onSuccess(this::confirmAndDelete)
                .start();
    }

    private void confirmAndDelete(Plans plans) {
        DeletionPlan plan = plans.inventory();
        DeleteDialog.ask(owner, plan, plans.nodes()).ifPresent(choice -> {
            if (!choice.undeploy()) {
                model.tasks().run("Deleting " + plan.title(), () -> inventory().delete(plan.target()))
                        .onSuccess(done -> model.refresh())
                        .start();
                return;
            }
            UndeployPlan onNodes = plans.nodes().withRemoveVolumes(choice.removeVolumes());
            model.tasks().reporting("Undeploying and deleting " + plan.title(),
                            progress -> model.homeport().undeploy().deleteAfter(onNodes, new FxPrompts(owner), progress))
                    .onSuccess(result -> {
                        model.refresh();
                        if (result.deleted()) {
                            model.notices().add(new Notice("Deleted " + plan.title(), "Removed " + result.removed().size()
                                    + " thing(s) from its nodes.", false));
                        } else {
                            Dialogs.error(owner, "Not deleted: " + plan.title(), String.join("\n", result.failed())
                                    + "\n\nIt stays in the inventory, since its node keys are what find these leftovers. Delete it again"
                                    + " when the node is back, or delete it without undeploying to leave them running."
                                    + (result.removed().isEmpty() ? "" : "\n\nRemoved: " + result.removed().size() + " thing(s)."));
                        }
                    })
                    .start();
        });
    }

    static String nameProblem(String name) {
        try {
            Check.dnsLabel("name", name);
            return null;
        } catch (ValidationException e) {
            return "The name " + e.rule() + ".";
        }
    }
}
