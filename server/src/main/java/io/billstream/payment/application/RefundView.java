package io.billstream.payment.application;

import java.time.Instant;

import io.billstream.payment.domain.Refund;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

@JacksonXmlRootElement(localName = "refund")
public record RefundView(String object, String id, String paymentId, String customerId, String invoiceId, String creditNoteId,
                         long amountMinor, String currency, String status, String reason, String providerRefundId, String failureCode,
                         String failureMessage, Instant createdAt, Instant succeededAt, Instant failedAt) {

    public static RefundView of(Refund r) {
        return new RefundView("refund", r.id(), r.paymentId(), r.customerId(), r.invoiceId(), r.creditNoteId(), r.amountMinor(),
                r.currency(), r.status().apiName(), r.reason(), r.providerRefundId(), r.failureCode(), r.failureMessage(),
                r.createdAt(), r.succeededAt(), r.failedAt());
    }
}
