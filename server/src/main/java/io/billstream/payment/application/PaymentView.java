package io.billstream.payment.application;

import java.time.Instant;
import java.util.Map;

import io.billstream.payment.domain.Payment;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** A payment as the API shows it; amounts in integer minor units of {@code currency}. */
@JacksonXmlRootElement(localName = "payment")
public record PaymentView(String object, String id, String customerId, String invoiceId, String paymentMethodId, String provider,
                          long amountMinor, String currency, String status, String origin, String providerTransactionId,
                          String failureCode, String failureMessage, long appliedMinor, long overpaidMinor, long refundedMinor,
                          String paymentFailureId, String description, Map<String, String> metadata, String testClockId,
                          Instant createdAt, Instant processingAt, Instant succeededAt, Instant failedAt, Instant canceledAt) {

    public static PaymentView of(Payment p) {
        return new PaymentView("payment", p.id(), p.customerId(), p.invoiceId(), p.paymentMethodId(), p.provider(), p.amountMinor(),
                p.currency(), p.status().apiName(), p.origin().apiName(), p.providerTransactionId(), p.failureCode(),
                p.failureMessage(), p.appliedMinor(), p.overpaidMinor(), p.refundedMinor(), p.paymentFailureId(), p.description(),
                p.metadata(), p.testClockId(), p.createdAt(), p.processingAt(), p.succeededAt(), p.failedAt(), p.canceledAt());
    }
}
