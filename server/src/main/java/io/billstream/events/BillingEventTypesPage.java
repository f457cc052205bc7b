package io.billstream.events;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/** docs/billing-event-types.md, rendered from the catalog (BillingEventTypesPageTest keeps the committed page current). */
final class BillingEventTypesPage {

    private BillingEventTypesPage() {
    }

    static String render(List<BillingEventTypeView> types, JsonMapper json) {
        StringBuilder page = new StringBuilder("""
                # Billing event types

                <!-- Generated from the event catalog by BillingEventTypesPageTest; do not edit by hand. -->

                Every type of event in the [billing-event log](billing-events.md), as the code registers it. The API
                serves the same catalog at `GET /v1/billing-event-types` and `GET /v1/billing-event-types/{type}`
                (scope `events:read`). Each type names the object its `data.object` holds, with that object's JSON
                Schema (generated from the class the code serialises) and an example generated from the schema:
                field names and types are exact; values are illustrative.

                | Type | `data.object` | When |
                |---|---|---|
                """);
        for (BillingEventTypeView type : types) {
            page.append("| [`").append(type.type()).append("`](#").append(anchor(type.type())).append(") | `")
                    .append(type.dataObject()).append("` | ").append(type.description().replace("|", "\\|")).append(" |\n");
        }
        for (BillingEventTypeView type : types) {
            page.append("\n## ").append(type.type()).append("\n\n").append(type.description()).append("\n\n")
                    .append("`data.object` is a `").append(type.dataObject()).append("`.\n\n")
                    .append("<details><summary>Example</summary>\n\n```json\n")
                    .append(json.writerWithDefaultPrettyPrinter().writeValueAsString(type.example()))
                    .append("\n```\n\n</details>\n\n<details><summary>JSON Schema</summary>\n\n```json\n")
                    .append(json.writerWithDefaultPrettyPrinter().writeValueAsString(type.schema()))
                    .append("\n```\n\n</details>\n");
        }
        return page.toString();
    }

    private static String anchor(String type) {
        return type.replaceAll("[^a-z0-9_ -]", "");
    }
}
