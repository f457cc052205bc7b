package io.billstream.payment.recovery.application;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

import io.billstream.customer.BillingProfile;
import io.billstream.invoicing.PayableInvoice;
import io.billstream.notification.NotificationRequest;
import io.billstream.notification.Notifications;
import io.billstream.payment.recovery.domain.FinalAction;
import io.billstream.payment.recovery.domain.PaymentFailure;
import io.billstream.platform.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The e-mails of a recovery, recorded with the notification module in the transaction of the step
 * that causes them: the first failure, each failed retry that leaves another, the final notice before
 * the last retry, and the recovery. Dates are shown on the customer's clock.
 */
@Component
class RecoveryNotices {

    static final String FAILED = "payment.failed";
    static final String RETRY_SCHEDULED = "payment_failure.retry_scheduled";
    static final String FINAL_NOTICE = "payment_failure.final_notice";
    static final String RECOVERED = "payment_failure.recovered";
    private static final Logger log = LoggerFactory.getLogger(RecoveryNotices.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM uuuu 'at' HH:mm", Locale.ENGLISH);

    private final Notifications notifications;

    RecoveryNotices(Notifications notifications) {
        this.notifications = notifications;
    }

    /**
     * After a failure that scheduled a retry: {@code payment.failed} for the first, {@code
     * payment_failure.retry_scheduled} for a later one, {@code payment_failure.final_notice} whenever
     * the retry now scheduled is the last (with a one-retry policy, already at the first failure).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void retryScheduled(PaymentFailure failure, PayableInvoice invoice, BillingProfile customer, boolean first) {
        String due = amount(invoice.amountDueMinor(), invoice.currency());
        String when = date(failure.nextRetryAt(), customer);
        String reason = reason(failure);
        if (failure.lastRetryNext()) {
            String consequence = failure.finalAction() == FinalAction.CANCEL
                    ? "your subscription will be canceled"
                    : "your subscription will stay past due until the invoice is paid";
            send(FINAL_NOTICE, customer, invoice, "Final notice: payment for invoice " + invoice.number(), List.of(
                    "Final notice: we could not collect " + due + " for invoice " + invoice.number() + " (" + reason + ").",
                    "We will try one last time on " + when + ". If that attempt fails, the invoice will be marked uncollectible and "
                            + consequence + ".",
                    "Please update your payment method before then."));
            return;
        }
        String opening = first
                ? "We could not collect " + due + " for invoice " + invoice.number() + " (" + reason + ")."
                : "We tried again and still could not collect " + due + " for invoice " + invoice.number() + " (" + reason + ").";
        send(first ? FAILED : RETRY_SCHEDULED, customer, invoice,
                (first ? "Payment failed for invoice " : "Payment retry failed for invoice ") + invoice.number(), List.of(
                        opening,
                        "We will try again on " + when + ".",
                        "To keep your subscription in good standing, please check or update your payment method."));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void recovered(PayableInvoice invoice, BillingProfile customer, long paidMinor) {
        String paid = paidMinor > 0 ? " (" + amount(paidMinor, invoice.currency()) + ")" : "";
        send(RECOVERED, customer, invoice, "Payment received for invoice " + invoice.number(), List.of(
                "Thank you: invoice " + invoice.number() + " is paid" + paid + ".",
                "Your subscription is in good standing again."));
    }

    private void send(String kind, BillingProfile customer, PayableInvoice invoice, String subject, List<String> paragraphs) {
        if (customer.email() == null) {
            log.debug("No e-mail address for customer {}; {} for invoice {} not sent", customer.id(), kind, invoice.number());
            return;
        }
        String text = String.join("\n\n", paragraphs) + "\n";
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>");
        paragraphs.forEach(p -> html.append("<p>").append(escape(p)).append("</p>"));
        html.append("</body></html>");
        notifications.request(new NotificationRequest(kind, customer.email(), subject, text, html.toString(), List.of(), customer.id(),
                invoice.id()));
    }

    /** "USD 12.50": the amount with the currency's own number of decimals. */
    static String amount(long amountMinor, String currency) {
        return currency + " " + new Money(amountMinor, Currency.getInstance(currency)).toMajor().toPlainString();
    }

    /** "5 January 2026 at 10:00 (Europe/Berlin)". */
    static String date(Instant at, BillingProfile customer) {
        ZoneId zone = ZoneId.of(customer.timezone() == null ? "UTC" : customer.timezone());
        return DATE.format(at.atZone(zone)) + " (" + zone.getId() + ")";
    }

    private static String reason(PaymentFailure failure) {
        if (failure.reasonMessage() != null && !failure.reasonMessage().isBlank()) {
            return failure.reasonMessage();
        }
        return failure.reasonCode().replace('_', ' ');
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
