package io.billstream.events;

import tools.jackson.databind.JsonNode;

/** A catalog entry as the API shows it: the JSON Schema of {@code data.object} and an example of it. */
record BillingEventTypeView(String object, String type, String description, String dataObject, JsonNode schema, JsonNode example) {
}
