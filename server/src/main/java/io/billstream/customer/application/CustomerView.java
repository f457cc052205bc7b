package io.billstream.customer.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.billstream.customer.domain.BillingAddress;
import io.billstream.customer.domain.BillingPreferences;
import io.billstream.customer.domain.Customer;
import io.billstream.customer.domain.TaxId;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** A customer as the API, the billing-event log and the audit log show it. */
@JacksonXmlRootElement(localName = "customer")
public record CustomerView(String id, String object, String externalId, String name, String email,
                           BillingAddress billingAddress, List<TaxId> taxIds, String currency, String timezone,
                           BillingPreferences billingPreferences, String status, Map<String, String> metadata, String testClock,
                           Instant createdAt, Instant updatedAt, Instant archivedAt) {

    public static CustomerView of(Customer customer) {
        var d = customer.details();
        return new CustomerView(customer.id(), "customer", d.externalId(), d.name(), d.email(), d.billingAddress(),
                d.taxIds(), d.currency(), d.timezone(), d.preferences(), customer.status().apiName(), d.metadata(), customer.testClockId(),
                customer.createdAt(), customer.updatedAt(), customer.archivedAt());
    }
}
