package dev.homeport.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering rules: model ← ssh ← app, and only the CLI writes to the console. */
class ArchitectureTest {
    private final JavaClasses all = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.homeport");

    @Test
    void onlyTheAppUsesJavaFx() {
        noClasses().that().resideInAnyPackage("dev.homeport.model..", "dev.homeport.ssh..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "atlantafx..", "dev.homeport.app..")
                .check(all);
    }

    @Test
    void theModelDoesNotUseSsh() {
        noClasses().that().resideInAPackage("dev.homeport.model..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.homeport.ssh..", "org.apache.sshd..")
                .check(all);
    }

    @Test
    void onlyTheCliWritesToTheConsole() {
        noClasses().that().resideOutsideOfPackage("dev.homeport.app.cli..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(all);
    }

    @Test
    void theDesktopAndTheCliDoNotCallEachOther() {
        noClasses().that().resideInAPackage("dev.homeport.app.desktop..")
                .should().dependOnClassesThat().resideInAPackage("dev.homeport.app.cli..")
                .check(all);
        noClasses().that().resideInAPackage("dev.homeport.app.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.homeport.app.desktop..")
                .check(all);
    }
}
