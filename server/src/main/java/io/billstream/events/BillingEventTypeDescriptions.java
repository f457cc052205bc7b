package io.billstream.events;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The catalog with schemas and examples, generated once at start: classes do not change while running. */
@Component
class BillingEventTypeDescriptions {

    private final List<BillingEventTypeView> views;

    BillingEventTypeDescriptions(BillingEventCatalog catalog, JsonMapper json) {
        this.views = describe(catalog, json);
    }

    static List<BillingEventTypeView> describe(BillingEventCatalog catalog, JsonMapper json) {
        EventSchemas schemas = new EventSchemas(json);
        EventExamples examples = new EventExamples(json);
        return catalog.all().stream().map(type -> {
            var schema = schemas.of(type.objectType());
            return new BillingEventTypeView("billing_event_type", type.name(), type.description(), type.objectName(), schema,
                    examples.of(type, schema));
        }).toList();
    }

    List<BillingEventTypeView> all() {
        return views;
    }

    Optional<BillingEventTypeView> find(String type) {
        return views.stream().filter(view -> view.type().equals(type)).findFirst();
    }
}
