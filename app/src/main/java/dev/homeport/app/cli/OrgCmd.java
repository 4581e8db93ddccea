package dev.homeport.app.cli;

import dev.homeport.app.cli.Shapes.ItemRow;
import dev.homeport.app.cli.Shapes.OrgDetails;
import dev.homeport.model.Application;
import dev.homeport.model.Check;
import dev.homeport.model.Organisation;
import dev.homeport.model.ValidationException;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "org", description = "Create, list, show, change, rename and delete organisations.")
final class OrgCmd extends GroupCmd {
    private final CliContext context;
    private final Items items;

    OrgCmd(CliContext context) {
        this.context = context;
        this.items = new Items(context);
    }

    @Command(name = "create", description = {"Create an organisation.",
            "Its services' public names get certificates from Let's Encrypt unless --acme-directory or --acme-staging names"
                    + " another ACME CA."})
    void create(@Parameters(paramLabel = "ORG", description = "Its name: lower-case letters, digits and hyphens.") String name,
                @Mixin Acme acme) {
        InventoryPath path = InventoryPath.parse(name, Level.ORGANISATION);
        // Checked before anything is written: a bad value creates nothing.
        String email = acme.email();
        String directory = acme.directory(null);
        Inventory inventory = context.inventory();
        Organisation organisation = inventory.createOrganisation(path.name());
        if (email != null || directory != null) {
            organisation = inventory.setAcme(organisation.id(), email, directory);
        }
        context.output().line("Created organisation '" + path + "'." + (directory == null ? "" : " ACME CA: " + ca(organisation) + "."));
    }

    @Command(name = "set", description = {"Change an organisation's ACME settings: the email the certificate authority may"
            + " write to, and which ACME CA issues the certificates of its services' public names.",
            "Only the options given change. Services get the new settings with their next deploy."})
    void set(@Parameters(paramLabel = "ORG") String pathText, @Mixin Acme acme,
             @Option(names = "--no-acme-email", description = "Give the ACME CA no email address.") boolean noEmail,
             @Option(names = "--no-acme-directory", description = "Go back to Let's Encrypt (the default).") boolean noDirectory) {
        InventoryPath path = InventoryPath.parse(pathText, Level.ORGANISATION);
        if (!acme.given() && !noEmail && !noDirectory) {
            throw new CliException(Cli.BAD_INPUT, "Nothing to change: give at least one option (see 'homeport org set --help').");
        }
        if (noEmail && acme.email != null) {
            throw new ValidationException("--acme-email", "and --no-acme-email cannot be given together");
        }
        String email = acme.email();
        String directory = acme.directory(noDirectory ? "--no-acme-directory" : null);
        Inventory inventory = context.inventory();
        Organisation current = inventory.organisation(items.resolve(path).id());
        Organisation changed = inventory.setAcme(current.id(), noEmail ? null : acme.email == null ? current.acmeEmail() : email,
                noDirectory ? null : directory == null ? current.acmeDirectory() : directory);
        context.output().line("Changed organisation '" + path + "': ACME email " + (changed.acmeEmail() == null ? "(not set)" : changed.acmeEmail())
                + ", ACME CA " + ca(changed) + ". Its services get the change with their next deploy.");
    }

    @Command(name = "list", description = "List the organisations.")
    void list(@Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        context.output().list(json, context.inventory().organisations().stream()
                .map(o -> ItemRow.of(null, o.name())).toList());
    }

    @Command(name = "show", description = "Show an organisation and its applications.")
    void show(@Parameters(paramLabel = "ORG") String pathText,
              @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        InventoryPath path = InventoryPath.parse(pathText, Level.ORGANISATION);
        Inventory inventory = context.inventory();
        Organisation organisation = inventory.organisation(items.resolve(path).id());
        context.output().details(json, new OrgDetails(path.toString(), organisation.name(), organisation.acmeEmail(),
                organisation.acmeDirectory(), ca(organisation), inventory.applications(organisation.id()).stream().map(Application::name).toList()));
    }

    @Command(name = "rename", description = "Rename an organisation.")
    void rename(@Parameters(paramLabel = "ORG") String path, @Parameters(paramLabel = "NEW_NAME") String newName) {
        items.rename(Level.ORGANISATION, path, newName);
    }

    @Command(name = "delete", description = "Delete an organisation with everything in it, after showing what goes.")
    void delete(@Parameters(paramLabel = "ORG") String path,
                @Mixin Items.DeleteOptions options) {
        items.delete(Level.ORGANISATION, path, options);
    }

    /** The CA in words, with its URL when the words are a name: "Let's Encrypt staging (https://…)". */
    static String ca(Organisation organisation) {
        String words = organisation.acmeCa();
        String url = organisation.acmeDirectory();
        return url == null || url.equals(words) ? words : words + " (" + url + ")";
    }

    /** The ACME options of create and set; set adds the --no-… ones. */
    static final class Acme {
        @Option(names = "--acme-email", paramLabel = "EMAIL", description = "The address the ACME CA may write to about the"
                + " certificates of the organisation's public names, such as ops@example.com.")
        String email;

        @Option(names = "--acme-directory", paramLabel = "URL", description = "The directory URL of the ACME CA that issues the"
                + " certificates of the organisation's public names, such as ZeroSSL's or your own step-ca's (default: Let's Encrypt).")
        String directory;

        @Option(names = "--acme-staging", description = "Use Let's Encrypt's staging CA (" + Organisation.LETS_ENCRYPT_STAGING
                + "): for trying things out, with far higher rate limits; browsers do not trust its certificates.")
        boolean staging;

        boolean given() {
            return email != null || directory != null || staging;
        }

        /** The email given, checked; null when none was given. */
        String email() {
            return email == null ? null : named("--acme-email", () -> Check.email("acmeEmail", email.strip()));
        }

        /** The directory given, checked; null when none was given. {@code other} names a further option that picks one. */
        String directory(String other) {
            if ((directory != null ? 1 : 0) + (staging ? 1 : 0) + (other != null ? 1 : 0) > 1) {
                throw new ValidationException("ACME CA", "give one of --acme-directory, --acme-staging"
                        + (other == null ? "" : " or " + other));
            }
            if (staging) {
                return Organisation.LETS_ENCRYPT_STAGING;
            }
            return directory == null ? null : named("--acme-directory", () -> Check.httpsUrl("acmeDirectory", directory.strip()));
        }

        private static String named(String option, java.util.function.Supplier<String> check) {
            try {
                return check.get();
            } catch (ValidationException e) {
                throw new ValidationException(option, e.rule());
            }
        }
    }
}
