package io.billstream.customer;

import java.util.List;

/**
 * What invoicing needs of a customer: who the invoice is addressed to, how long drafts wait, and when
 * invoices fall due.
 *
 * @param addressLines the billing address as printed, one line per entry; empty when none
 * @param taxIds       printed as "type: value"
 */
public record BillingProfile(String id, String externalId, String name, String email, List<String> addressLines, List<String> taxIds,
                             String currency, String timezone, int invoiceGracePeriodDays, int netPaymentTermsDays,
                             String testClockId) {
}
