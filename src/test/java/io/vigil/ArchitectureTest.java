package io.vigil;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The package rules of docs/architecture.md and CONTRIBUTING.md (plain JUnit tests so Surefire counts them). */
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
    void configDependsOnNothingElseOfVigilButNet() {
        noClasses().that().resideInAPackage("io.vigil.config..")
                .should().dependOnClassesThat(resideInAPackage("io.vigil..").and(not(resideInAnyPackage("io.vigil.config..", "io.vigil.net.."))))
                .because("the configuration reader stands alone (vigil -t, -d, the reference docs)").check(classes);
    }

    @Test
    void onlyTheDaemonReadsTheConfiguration() {
        noClasses().that().resideOutsideOfPackages("io.vigil.daemon..", "io.vigil.config..")
                .should().dependOnClassesThat().resideInAPackage("io.vigil.config..")
                .because("the runtimes take their own settings records; daemon's mappers build them from the model").check(classes);
    }

    @Test
    void nothingImportsTheDaemon() {
        noClasses().that().resideOutsideOfPackage("io.vigil.daemon..")
                .should().dependOnClassesThat().resideInAPackage("io.vigil.daemon..")
                .because("the daemon is the top: every runtime runs and is tested without it").check(classes);
    }

    @Test
    void theLayersPointOnlyDown() {
        layeredArchitecture().consideringOnlyDependenciesInAnyPackage("io.vigil..")
                .layer("daemon").definedBy("io.vigil.daemon..")
                .layer("runtimes").definedBy("io.vigil.vrrp..", "io.vigil.check..", "io.vigil.lb..", "io.vigil.snmp..", "io.vigil.bfd..")
                .layer("views").definedBy("io.vigil.api..")
                .layer("sys").definedBy("io.vigil.sys..")
                .layer("config").definedBy("io.vigil.config..")
                .layer("codecs").definedBy("io.vigil.netlink..", "io.vigil.net..")
                .whereLayer("daemon").mayNotBeAccessedByAnyLayer()
                .whereLayer("runtimes").mayOnlyBeAccessedByLayers("daemon")
                .whereLayer("config").mayOnlyBeAccessedByLayers("daemon")
                .whereLayer("sys").mayOnlyBeAccessedByLayers("daemon", "runtimes")
                .whereLayer("views").mayOnlyBeAccessedByLayers("daemon")
                .whereLayer("codecs").mayOnlyBeAccessedByLayers("daemon", "runtimes", "views", "sys", "config")
                .check(classes);
    }

    /** Between the top-level packages; inside lb (lb and its back ends) and check (check.probe) there still are. */
    @Test
    void noCycleBetweenPackages() {
        slices().matching("io.vigil.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void snmpDependsOnNothingElseOfVigil() {
        // the AgentX codec, MIB tables and session read an SnmpView; the daemon feeds it
        noClasses().that().resideInAPackage("io.vigil.snmp..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.vigil.vrrp..", "io.vigil.check..", "io.vigil.lb..", "io.vigil.netlink..", "io.vigil.sys..",
                        "io.vigil.daemon..", "io.vigil.config..")
                .check(classes);
    }

    @Test
    void mailDependsOnNothingElseOfVigil() {
        noClasses().that().resideInAPackage("io.vigil.mail..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.vigil.vrrp..", "io.vigil.check..", "io.vigil.lb..", "io.vigil.netlink..", "io.vigil.config..",
                        "io.vigil.sys..", "io.vigil.daemon..")
                .because("the VRRP and checker cores word their alerts; the daemon wires them to the mailer").check(classes);
    }

    @Test
    void codecsAndStateMachinesNeverTouchSys() {
        noClasses().that().resideInAnyPackage("io.vigil.vrrp", "io.vigil.bfd", "io.vigil.netlink..", "io.vigil.config..")
                .should().dependOnClassesThat().resideInAPackage("io.vigil.sys..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void theClusterPictureDependsOnNothingElseOfVigil() {
        noClasses().that().resideInAPackage("io.vigil.observe..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.vigil.vrrp..", "io.vigil.check..", "io.vigil.lb..", "io.vigil.netlink..", "io.vigil.sys..",
                        "io.vigil.daemon..", "io.vigil.api..", "io.vigil.config..", "io.vigil.net..")
                .because("children and every view share it: plain records and a pure picture").check(classes);
    }

    @Test
    void theApiServesOnlyThePicture() {
        noClasses().that().resideInAPackage("io.vigil.api..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.vigil.vrrp..", "io.vigil.check..", "io.vigil.lb..", "io.vigil.netlink..", "io.vigil.sys..",
                        "io.vigil.daemon..", "io.vigil.config..")
                .because("the HTTP endpoint never calls into the VRRP or checker code: state reaches it as events").check(classes);
    }

    @Test
    void bfdSitsAtTheLevelOfVrrp() {
        noClasses().that().resideInAPackage("io.vigil.bfd..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vigil.daemon..", "io.vigil.vrrp..", "io.vigil.lb..", "io.vigil.check..")
                .because("BFD is a protocol beside VRRP: the daemon wires it to the trackers").allowEmptyShould(true).check(classes);
    }
}
