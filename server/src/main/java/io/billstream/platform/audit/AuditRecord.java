package io.billstream.platform.audit;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** One audit row as the API shows it. */
@JacksonXmlRootElement(localName = "audit_record")
public record AuditRecord(String id, String object, Instant occurredAt, String actorType, String actorId, String action,
                          String resourceType, String resourceId, String requestId, JsonNode changes) {
}
