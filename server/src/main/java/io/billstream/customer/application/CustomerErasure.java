package io.billstream.customer.application;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import io.billstream.customer.db.CustomerErasures;
import io.billstream.customer.db.Customers;
import io.billstream.customer.domain.Customer;
import io.billstream.customer.domain.CustomerDetails;
import io.billstream.events.BillingEventLog;
import io.billstream.events.EventSubjects;
import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Erasing a customer's personal data on request (GDPR art. 17), in one transaction: the customer row,
 * and the copies in billing-event payloads, e-mails sent to it, audit changes and issued invoices
 * (which keep the buyer's name, address and tax IDs the law requires on an invoice). The customer is
 * archived, so it cannot be given an address and e-mailed again. Erasing twice changes nothing.
 */
@Service
public class CustomerErasure {

    static final String ERASED = "customer.erased";
    /** The customer's API fields that hold personal data, blanked in its snapshots in past events. */
    private static final List<String> PERSONAL_FIELDS = List.of("external_id", "name", "email", "billing_address", "tax_ids", "metadata");

    private final Customers customers;
    private final CustomerErasures erasures;
    private final BillingEventLog events;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;

    CustomerErasure(Customers customers, CustomerErasures erasures, BillingEventLog events, AuditLog audit, JsonMapper json,
                    Clock clock) {
        this.customers = customers;
        this.erasures = erasures;
        this.events = events;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public CustomerView erase(String idOrExternalId) {
        String tenantId = TenantContext.require();
        Customer current = customers.find(tenantId, idOrExternalId, true)
                .orElseThrow(() -> ApiException.notFound("customer", idOrExternalId));
        if (erasures.isErased(tenantId, current.id())) {
            return CustomerView.of(current);
        }
        Instant now = clock.instant();
        Customer erased = current.erase(now);
        if (!customers.update(erased)) {
            throw ApiException.conflict("concurrent_update", null, "The customer changed concurrently; retry");
        }
        CustomerView after = CustomerView.of(erased);
        ObjectNode erasedFields = json.createObjectNode();
        ObjectNode afterJson = json.valueToTree(after);
        PERSONAL_FIELDS.forEach(field -> erasedFields.set(field, afterJson.get(field)));
        var copies = erasures.eraseCopies(tenantId, current.id(), current.details().email(), personalValues(current.details()),
                json.writeValueAsString(erasedFields), now);
        erasures.markErased(tenantId, current.id(), now);
        events.append(ERASED, EventSubjects.customer(current.id()), after, null);
        // The audit record names what was erased by count only: the values themselves are gone.
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("erased_at", now.toString());
        record.put("billing_events", copies.billingEvents());
        record.put("notifications", copies.notifications());
        record.put("invoices", copies.invoices());
        record.put("audit_records_redacted", copies.auditRecords());
        audit.record("customer.erase", "customer", current.id(), null, record);
        return after;
    }

    /** Every personal value as written, to find it again in free text (e-mail bodies) and JSON payloads. */
    private static List<String> personalValues(CustomerDetails details) {
        List<String> values = new ArrayList<>();
        Stream.of(details.externalId(), details.name(), details.email()).filter(Objects::nonNull).forEach(values::add);
        var address = details.billingAddress();
        if (address != null) {
            // Not the country: two letters shared with millions say nothing about the person.
            Stream.of(address.line1(), address.line2(), address.city(), address.state(), address.postalCode())
                    .filter(Objects::nonNull).forEach(values::add);
        }
        details.taxIds().forEach(taxId -> values.add(taxId.value()));
        values.addAll(details.metadata().values());
        return values;
    }
}
