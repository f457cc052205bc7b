package io.billstream.usage.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.billstream.platform.auth.Scopes;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.money.Decimals;
import io.billstream.platform.web.ApiException;
import io.billstream.usage.application.EventJson;
import io.billstream.usage.application.UsageIngestion;
import io.billstream.usage.application.UsageNotRecordedException;
import io.billstream.usage.domain.EventOutcome;
import io.billstream.usage.domain.EventRejected;
import io.billstream.usage.domain.EventSource;
import io.billstream.usage.domain.IncomingEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * Metered-component style usage (the Maxio way): "subscription S used Q of metric M", recorded as
 * one usage event whose metric property holds the quantity, so it is counted, deduplicated and
 * aggregated exactly like any other event.
 */
@RestController
@RequestMapping("/v1/usage")
@Tag(name = "Usage events")
class UsageController {

    record RecordUsage(String transactionId, String subscription, String metric, BigDecimal quantity, String memo, JsonNode timestamp) {
    }

    @JacksonXmlRootElement(localName = "usage")
    record RecordedUsage(String object, String transactionId, String status, String subscription, String metric, String quantity,
                         String memo, Instant timestamp) {
    }

    private final UsageIngestion ingestion;
    private final JsonMapper json;

    UsageController(UsageIngestion ingestion, JsonMapper json) {
        this.ingestion = ingestion;
        this.json = json;
    }

    @PostMapping
    @PreAuthorize(Scopes.REQUIRE_USAGE_WRITE)
    @Operation(summary = "Record a quantity used by a subscription",
            description = "subscription (ID or external_id), metric (a sum, max, min, latest or weighted_sum metric's code), "
                    + "quantity, optional memo, timestamp and transaction_id (default: the Idempotency-Key header, else a new ID). "
                    + "201 when accepted, 200 with status duplicate when the transaction_id was already recorded.")
    ResponseEntity<RecordedUsage> record(@RequestBody RecordUsage request,
                                         @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        require(request.subscription(), "subscription");
        require(request.metric(), "metric");
        require(request.quantity(), "quantity");
        String transactionId = request.transactionId() != null ? request.transactionId()
                : idempotencyKey != null ? idempotencyKey : Ids.next("usage");
        EventOutcome outcome;
        Instant timestamp;
        try {
            timestamp = EventJson.timestamp(request.timestamp(), "timestamp");
            String property = ingestion.quantityProperty(request.metric());
            Map<String, Object> properties = Map.of(property, request.quantity());
            IncomingEvent event = new IncomingEvent(transactionId, null, request.subscription(), request.metric(), timestamp,
                    properties, json.writeValueAsString(properties), request.memo());
            outcome = ingestion.record(List.of(event), EventSource.USAGE).getFirst();
        } catch (EventRejected rejected) {
            outcome = EventOutcome.rejected(transactionId, rejected);
            timestamp = null;
        } catch (UsageNotRecordedException notRecorded) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "usage_not_recorded", null, notRecorded.getMessage());
        }
        if (outcome.status() == EventOutcome.Status.REJECTED) {
            throw new ApiException(HttpStatus.BAD_REQUEST, outcome.code(), requestField(outcome.field(), request.transactionId() == null && idempotencyKey != null), outcome.detail());
        }
        RecordedUsage body = new RecordedUsage("usage", transactionId, outcome.status().apiName(), request.subscription(),
                request.metric(), Decimals.plain(request.quantity()), request.memo(), timestamp);
        return ResponseEntity.status(outcome.status() == EventOutcome.Status.ACCEPTED ? HttpStatus.CREATED : HttpStatus.OK).body(body);
    }

    /** The event's field names, as this request calls them. */
    private static String requestField(String eventField, boolean idFromHeader) {
        if (eventField == null) {
            return null;
        }
        return switch (eventField) {
            case "transaction_id" -> idFromHeader ? "Idempotency-Key" : "transaction_id";
            case "external_subscription_id", "external_customer_id" -> "subscription";
            case "code" -> "metric";
            default -> eventField.startsWith("properties.") ? "quantity" : eventField;
        };
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "parameter_missing", field, field + " is required");
        }
    }
}
