package io.billstream.subscription.application;

import io.billstream.platform.money.Decimals;
import java.time.Instant;

import io.billstream.subscription.db.BillingLedger;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** A proration or one-time charge waiting for the next invoice; decimals are plain strings as everywhere in the API. */
@JacksonXmlRootElement(localName = "pending_item")
public record PendingItemView(String id, String object, String subscriptionId, String kind, String description, String quantity,
                              String unitPrice, long amountMinor, String currency, Instant serviceStart, Instant serviceEnd,
                              String sourceId, Instant createdAt) {

    static PendingItemView of(BillingLedger.PendingItem item) {
        return new PendingItemView(item.id(), "pending_item", item.subscriptionId(), item.kind(), item.description(),
                Decimals.plain(item.quantity()), Decimals.plain(item.unitPrice()), item.amountMinor(), item.currency(),
                item.serviceStart(), item.serviceEnd(), item.sourceId(), item.createdAt());
    }
}
