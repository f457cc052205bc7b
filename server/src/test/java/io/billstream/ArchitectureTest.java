package io.billstream;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.billstream");

    @Test
    void modules_only_use_each_others_published_types_and_have_no_cycles() {
        ApplicationModules.of(BillstreamApplication.class).verify();
    }

    @Test
    void domain_code_is_free_of_frameworks_and_databases() {
        ArchRule rule = noClasses().that().resideInAPackage("..domain..").and().doNotHaveSimpleName("package-info")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "tools.jackson..", "com.fasterxml..", "jakarta..", "java.sql..",
                        "javax.sql..", "io.swagger..")
                .because("pricing, proration and billing rules must be testable as plain Java");
        rule.check(CLASSES);
    }

    @Test
    void every_api_endpoint_requires_a_scope() {
        ArchRule rule = methods().that().areDeclaredInClassesThat().areAnnotatedWith(RestController.class)
                .and().areAnnotatedWith(GetMapping.class)
                .or().areAnnotatedWith(PostMapping.class)
                .or().areAnnotatedWith(PatchMapping.class)
                .or().areAnnotatedWith(PutMapping.class)
                .or().areAnnotatedWith(DeleteMapping.class)
                .or().areAnnotatedWith(RequestMapping.class)
                .should().beAnnotatedWith(PreAuthorize.class)
                .because("each endpoint requires exactly one scope");
        rule.check(CLASSES);
    }

    @Test
    void time_comes_from_the_injected_clock() {
        ArchRule rule = noClasses().should().callMethod(Instant.class, "now")
                .orShould().callMethod(LocalDate.class, "now")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(OffsetDateTime.class, "now")
                .orShould().callMethod(ZonedDateTime.class, "now")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .because("test clocks must be able to move time for every rule");
        rule.check(CLASSES);
    }

    @Test
    void only_the_web_layer_and_platform_see_http() {
        ArchRule rule = noClasses().that().resideInAnyPackage("..customer.db..", "..customer.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "org.springframework.web..");
        rule.check(CLASSES);
    }
}
