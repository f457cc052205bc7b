package io.billstream.invoicing.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.billstream.invoicing.domain.DraftLine;
import io.billstream.invoicing.domain.Invoice;
import io.billstream.invoicing.domain.InvoiceLine;
import io.billstream.invoicing.domain.LineTaxAmount;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

import static io.billstream.platform.money.Decimals.plain;

/**
 * An invoice as the API shows it: amounts in integer minor units of {@code currency}, quantities and
 * prices as exact decimal strings, tax per line and per rate.
 */
@JacksonXmlRootElement(localName = "invoice")
public record InvoiceView(String object, String id, String number, String status, String customerId, String subscriptionId,
                          String billingReason, Instant billingDate, String currency, Instant periodStart, Instant periodEnd,
                          long subtotalMinor, long taxMinor, long totalMinor, long creditAppliedMinor, long creditedMinor,
                          long amountPaidMinor, long amountDueMinor, String taxMode, String memo, Map<String, String> metadata,
                          List<Line> lines, List<TaxSummary> taxes, Instant finalizeAt, Instant issuedAt, Instant dueAt,
                          Instant finalizedAt, Instant paidAt, Instant voidedAt, Instant uncollectibleAt, String testClockId,
                          Instant createdAt) {

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Line(String id, String kind, String description, String subscriptionId, String billingPeriodId, String metricCode,
                       Map<String, String> group, String quantity, String unitPrice, String amount, long amountMinor, long taxMinor,
                       long inclusiveTaxMinor, long creditedMinor, Instant serviceStart, Instant serviceEnd,
                       List<Breakdown> breakdown, List<LineTax> taxes) {
    }

    public record Breakdown(String label, String units, String unitPrice, String flatFee, String amount) {
    }

    public record LineTax(String taxRateId, String name, String percentage, boolean inclusive, long taxableMinor, long amountMinor,
                          String jurisdiction, String externalRef) {
    }

    /** Tax by rate over the whole invoice, as documents show it. */
    public record TaxSummary(String taxRateId, String name, String percentage, boolean inclusive, long taxableMinor, long amountMinor) {
    }

    static InvoiceView of(Invoice i, List<InvoiceLine> lines, List<LineTaxAmount> taxes) {
        Map<String, List<LineTax>> byLine = new LinkedHashMap<>();
        Map<String, TaxSummary> byRate = new LinkedHashMap<>();
        for (LineTaxAmount t : taxes) {
            byLine.computeIfAbsent(t.lineId(), k -> new ArrayList<>()).add(new LineTax(t.taxRateId(), t.name(), plain(t.percentage()),
                    t.inclusive(), t.taxableMinor(), t.amountMinor(), t.jurisdiction(), t.externalRef()));
            String key = (t.taxRateId() != null ? t.taxRateId() : t.name() + "|" + plain(t.percentage())) + "|" + t.inclusive();
            byRate.merge(key, new TaxSummary(t.taxRateId(), t.name(), plain(t.percentage()), t.inclusive(), t.taxableMinor(),
                    t.amountMinor()), (a, b) -> new TaxSummary(a.taxRateId(), a.name(), a.percentage(), a.inclusive(),
                    Math.addExact(a.taxableMinor(), b.taxableMinor()), Math.addExact(a.amountMinor(), b.amountMinor())));
        }
        List<Line> shown = lines.stream().map(l -> new Line(l.id(), l.kind().apiName(), l.description(), l.subscriptionId(),
                l.billingPeriodId(), l.metricCode(), l.group(), plain(l.quantity()), plain(l.unitPrice()), plain(l.amountExact()),
                l.amountMinor(), l.taxMinor(), l.inclusiveTaxMinor(), l.creditedMinor(), l.serviceStart(), l.serviceEnd(),
                l.breakdown().stream().map(InvoiceView::breakdown).toList(), byLine.getOrDefault(l.id(), List.of()))).toList();
        return new InvoiceView("invoice", i.id(), i.number(), i.status().apiName(), i.customerId(), i.subscriptionId(), i.billingReason(),
                i.billingDate(), i.currency(), i.periodStart(), i.periodEnd(), i.subtotalMinor(), i.taxMinor(), i.totalMinor(),
                i.creditAppliedMinor(), i.creditedMinor(), i.amountPaidMinor(), i.amountDueMinor(), i.taxMode(), i.memo(), i.metadata(),
                shown, List.copyOf(byRate.values()), i.finalizeAt(), i.issuedAt(), i.dueAt(), i.finalizedAt(), i.paidAt(), i.voidedAt(),
                i.uncollectibleAt(), i.testClockId(), i.createdAt());
    }

    private static Breakdown breakdown(DraftLine.Breakdown b) {
        return new Breakdown(b.label(), plain(b.units()), plain(b.unitPrice()), plain(b.flatFee()), plain(b.amount()));
    }
}
