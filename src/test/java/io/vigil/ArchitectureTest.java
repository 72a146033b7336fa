package io.vigil;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The package rules of docs/architecture.md (plain JUnit tests so Surefire counts them). */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.vigil");
    }

    @Test
    void onlySysTouchesForeignMemory() {
        noClasses().that().resideOutsideOfPackages("io.vigil.sys..")
                .should().dependOnClassesThat().resideInAPackage("java.lang.foreign..")
                .because("only io.vigil.sys may use FFM").check(classes);
    }

    @Test
    void configDependsOnNothingElseOfVigil() {
        noClasses().that().resideInAPackage("io.vigil.config..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.vigil.vrrp..", "io.vigil.check..", "io.vigil.lb..", "io.vigil.netlink..",
                        "io.vigil.sys..", "io.vigil.daemon..", "io.vigil.api..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void codecsAndStateMachinesNeverTouchSys() {
        noClasses().that().resideInAnyPackage("io.vigil.vrrp", "io.vigil.bfd", "io.vigil.netlink..", "io.vigil.config..")
                .should().dependOnClassesThat().resideInAPackage("io.vigil.sys..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void bfdSitsAtTheLevelOfVrrp() {
        noClasses().that().resideInAPackage("io.vigil.bfd..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vigil.daemon..", "io.vigil.vrrp..", "io.vigil.lb..", "io.vigil.check..")
                .because("BFD is a protocol beside VRRP: the daemon wires it to the trackers").allowEmptyShould(true).check(classes);
    }
}
