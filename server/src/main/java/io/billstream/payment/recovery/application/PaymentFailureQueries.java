package io.billstream.payment.recovery.application;

import java.util.List;

import io.billstream.payment.recovery.db.PaymentFailures;
import io.billstream.payment.recovery.domain.PaymentFailure;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class PaymentFailureQueries {

    private final PaymentFailures failures;

    PaymentFailureQueries(PaymentFailures failures) {
        this.failures = failures;
    }

    @Transactional(readOnly = true)
    public PaymentFailureView get(String id) {
        String tenantId = TenantContext.require();
        PaymentFailure failure = failures.find(tenantId, id, false).orElseThrow(() -> ApiException.notFound("payment_failure", id));
        return PaymentFailureView.of(failure, failures.attempts(tenantId, List.of(id)));
    }

    @Transactional(readOnly = true)
    public ListPage<PaymentFailureView> list(PaymentFailures.Filter filter, PageRequest page) {
        String tenantId = TenantContext.require();
        List<PaymentFailure> rows = failures.list(tenantId, filter, page);
        // The attempts of the whole page in one query.
        List<PaymentFailures.Attempt> attempts = failures.attempts(tenantId, rows.stream().map(PaymentFailure::id).toList());
        return ListPage.of(rows, page, PaymentFailure::id, f -> PaymentFailureView.of(f, attempts));
    }
}
