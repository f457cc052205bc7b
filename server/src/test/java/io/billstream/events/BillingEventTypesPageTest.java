package io.billstream.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/billing-event-types.md is generated from the same registrations the server collects. When this
 * fails, regenerate the page: {@code bsmvn-at . -o test -pl server -am -Dtest=BillingEventTypesPageTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbillstream.docs.write=true}, and commit it.
 */
class BillingEventTypesPageTest {

    private static final Path PAGE = Path.of("..", "docs", "billing-event-types.md");

    @Test
    void theCommittedPageDescribesEveryRegisteredType() throws Exception {
        JsonMapper json = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        BillingEventCatalog catalog = new BillingEventCatalog(registrations());
        String expected = BillingEventTypesPage.render(BillingEventTypeDescriptions.describe(catalog, json), json);
        if (Boolean.getBoolean("billstream.docs.write")) {
            Files.writeString(PAGE, expected);
        }
        assertThat(catalog.all()).extracting(BillingEventType::name).contains("invoice.finalized", "payment.refunded", "external.*");
        assertThat(Files.exists(PAGE)).as("docs/billing-event-types.md is missing; generate it with -Dbillstream.docs.write=true").isTrue();
        assertThat(Files.readString(PAGE))
                .as("docs/billing-event-types.md is stale. Regenerate: bsmvn-at <worktree> -o test -pl server -am "
                        + "-Dtest=BillingEventTypesPageTest -Dsurefire.failIfNoSpecifiedTests=false -Dbillstream.docs.write=true")
                .isEqualTo(expected);
    }

    /** Every registration on the classpath, as component scanning finds them for the server. */
    static List<BillingEventTypeRegistration> registrations() throws Exception {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(BillingEventTypeRegistration.class));
        List<BillingEventTypeRegistration> found = new ArrayList<>();
        for (BeanDefinition definition : scanner.findCandidateComponents("io.billstream")) {
            var constructor = Class.forName(definition.getBeanClassName()).getDeclaredConstructor();
            constructor.setAccessible(true);
            found.add((BillingEventTypeRegistration) constructor.newInstance());
        }
        return found;
    }
}
