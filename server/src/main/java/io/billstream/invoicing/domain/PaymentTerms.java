package io.billstream.invoicing.domain;

import java.time.Instant;
import java.time.ZoneId;

/** When an invoice is due: net days after issue, counted in calendar days on the customer's clock. */
public final class PaymentTerms {

    private PaymentTerms() {
    }

    public static Instant dueAt(Instant issuedAt, int netDays, ZoneId zone) {
        if (netDays < 0) {
            throw new IllegalArgumentException("net payment terms must not be negative, got " + netDays);
        }
        return issuedAt.atZone(zone).plusDays(netDays).toInstant();
    }
}
