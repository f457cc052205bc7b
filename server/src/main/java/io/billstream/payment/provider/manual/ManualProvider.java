package io.billstream.payment.provider.manual;

import java.time.Instant;
import java.util.Map;

import io.billstream.payment.provider.ChargeOutcome;
import io.billstream.payment.provider.ChargeReference;
import io.billstream.payment.provider.ChargeRequest;
import io.billstream.payment.provider.InvalidCallbackException;
import io.billstream.payment.provider.PaymentProvider;
import io.billstream.payment.provider.ProviderCallback;
import io.billstream.payment.provider.RefundOutcome;
import io.billstream.payment.provider.RefundRequest;
import org.springframework.stereotype.Component;

/**
 * Money that moved outside any provider (a bank transfer, cash, a cheque): an operator records it
 * through the API once it has arrived, so recording it is its success. Refunds likewise record money
 * the operator paid back. There is no one to send callbacks.
 */
@Component
class ManualProvider implements PaymentProvider {

    @Override
    public String name() {
        return "manual";
    }

    @Override
    public ChargeOutcome charge(ChargeRequest request) {
        return ChargeOutcome.succeeded(null);
    }

    @Override
    public ChargeOutcome retrieve(ChargeReference reference) {
        return ChargeOutcome.succeeded(reference.providerTransactionId());
    }

    @Override
    public RefundOutcome refund(RefundRequest request) {
        return new RefundOutcome(RefundOutcome.RefundState.SUCCEEDED, null, null, null);
    }

    @Override
    public ProviderCallback verify(byte[] body, Map<String, String> headers, Instant now) {
        throw new InvalidCallbackException("Manual payments have no provider callbacks; record them with POST /v1/payments");
    }
}
