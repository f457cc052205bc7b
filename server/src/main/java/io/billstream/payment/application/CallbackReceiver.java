package io.billstream.payment.application;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.billstream.payment.db.Payments;
import io.billstream.payment.db.ProviderCallbackLog;
import io.billstream.payment.db.Refunds;
import io.billstream.payment.domain.Payment;
import io.billstream.payment.domain.Refund;
import io.billstream.payment.provider.ChargeOutcome;
import io.billstream.payment.provider.InvalidCallbackException;
import io.billstream.payment.provider.PaymentProvider;
import io.billstream.payment.provider.ProviderCallback;
import io.billstream.payment.provider.ProviderNotConfiguredException;
import io.billstream.payment.provider.RefundOutcome;
import io.billstream.platform.clock.BillingTime;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Provider callbacks: verified with the provider's own signature scheme before anything is read,
 * applied through the same forward-only state machine as every other report (so late or reordered
 * callbacks change nothing they should not), and recorded raw once per provider event ID in the
 * same transaction as their effect: a replay finds the record and is acknowledged without effect,
 * and a callback whose effect failed is not recorded, so the provider's retry applies it.
 */
@Service
public class CallbackReceiver {

    /** @param outcome {@code applied}, {@code stale}, {@code unknown_object}, {@code unsupported_type} or {@code duplicate} */
    public record Receipt(String outcome, String paymentId, String refundId) {
    }

    private static final Logger log = LoggerFactory.getLogger(CallbackReceiver.class);

    private final PaymentProviders providers;
    private final Payments payments;
    private final Refunds refunds;
    private final PaymentAttempts attempts;
    private final Refunding refunding;
    private final ProviderCallbackLog callbackLog;
    private final BillingTime time;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final MeterRegistry meters;

    CallbackReceiver(PaymentProviders providers, Payments payments, Refunds refunds, PaymentAttempts attempts, Refunding refunding,
                     ProviderCallbackLog callbackLog, BillingTime time, Clock clock, TransactionTemplate transactions, JsonMapper json,
                     MeterRegistry meters) {
        this.providers = providers;
        this.payments = payments;
        this.refunds = refunds;
        this.attempts = attempts;
        this.refunding = refunding;
        this.callbackLog = callbackLog;
        this.time = time;
        this.clock = clock;
        this.transactions = transactions;
        this.json = json;
        this.meters = meters;
    }

    /** @param headers the request's headers, names in lower case */
    public Receipt receive(String providerName, byte[] body, Map<String, String> headers) {
        PaymentProvider provider = providers.find(providerName).orElseThrow(() -> ApiException.notFound("provider", providerName));
        ProviderCallback callback;
        try {
            callback = provider.verify(body, headers, clock.instant());
        } catch (InvalidCallbackException e) {
            meters.counter("billstream.payment.callbacks", "provider", providerName, "outcome", "invalid").increment();
            log.warn("Rejected a {} callback: {}", providerName, e.getMessage());
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_callback", "signature", e.getMessage());
        } catch (ProviderNotConfiguredException e) {
            throw ApiException.conflict("provider_not_configured", "provider", e.getMessage());
        }
        String raw = new String(body, StandardCharsets.UTF_8);
        String headersJson = json.writeValueAsString(headers);
        Receipt receipt = owner(providerName, callback)
                .map(owner -> TenantContext.callAs(owner.tenantId(), () -> applyAndRecord(providerName, callback, owner, raw, headersJson)))
                .orElseGet(() -> transactions.execute(status -> {
                    String outcome = callback.charge() == null && callback.refund() == null ? "unsupported_type" : "unknown_object";
                    return record(status, null, providerName, callback, null, null, outcome, raw, headersJson);
                }));
        meters.counter("billstream.payment.callbacks", "provider", providerName, "outcome", receipt.outcome()).increment();
        return receipt;
    }

    private Receipt applyAndRecord(String providerName, ProviderCallback callback, Owner owner, String raw, String headersJson) {
        return transactions.execute(status -> {
            String tenantId = TenantContext.require();
            if (owner.paymentId() != null) {
                Payment before = payments.find(tenantId, owner.paymentId(), false).orElseThrow();
                Instant at = time.now(before.testClockId());
                Payment after = attempts.apply(before.id(), new ChargeOutcome(callback.charge(), callback.providerTransactionId(),
                        callback.failureCode(), callback.failureMessage()), at);
                String outcome = after.status() == before.status() && after.equals(before) ? "stale" : "applied";
                return record(status, tenantId, providerName, callback, before.id(), null, outcome, raw, headersJson);
            }
            Refund before = refunds.find(tenantId, owner.refundId(), false).orElseThrow();
            Refund after = refunding.apply(before.id(), new RefundOutcome(callback.refund(), callback.providerRefundId(),
                    callback.failureCode(), callback.failureMessage()), time.now(before.testClockId()));
            String outcome = after.equals(before) ? "stale" : "applied";
            return record(status, tenantId, providerName, callback, before.paymentId(), before.id(), outcome, raw, headersJson);
        });
    }

    private Receipt record(org.springframework.transaction.TransactionStatus status, String tenantId, String providerName,
                           ProviderCallback callback, String paymentId, String refundId, String outcome, String raw, String headersJson) {
        boolean first = callbackLog.record(Ids.next("pcb"), tenantId, providerName, callback.providerEventId(), callback.type(), paymentId,
                refundId, outcome, headersJson, raw, clock.instant());
        if (!first) {
            // Seen before (or by a concurrent delivery that committed first): undo whatever this one did.
            status.setRollbackOnly();
            return new Receipt("duplicate", paymentId, refundId);
        }
        return new Receipt(outcome, paymentId, refundId);
    }

    private record Owner(String tenantId, String paymentId, String refundId) {
    }

    /** Whose payment or refund the callback is about; callbacks carry no tenant. */
    private Optional<Owner> owner(String providerName, ProviderCallback callback) {
        if (callback.charge() != null) {
            Optional<Payments.Due> byTransaction = callback.providerTransactionId() == null ? Optional.empty()
                    : payments.ownerOfTransaction(providerName, callback.providerTransactionId());
            return byTransaction.or(() -> callback.paymentId() == null ? Optional.empty()
                            : payments.ownerOfPayment(providerName, callback.paymentId()))
                    .map(due -> new Owner(due.tenantId(), due.id(), null));
        }
        if (callback.refund() != null && callback.providerRefundId() != null) {
            return refunds.ownerOfProviderRefund(providerName, callback.providerRefundId())
                    .map(due -> new Owner(due.tenantId(), null, due.id()));
        }
        return Optional.empty();
    }
}
