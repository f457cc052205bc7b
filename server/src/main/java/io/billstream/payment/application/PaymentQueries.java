package io.billstream.payment.application;

import io.billstream.payment.db.Payments;
import io.billstream.payment.domain.Payment;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class PaymentQueries {

    private final Payments payments;

    PaymentQueries(Payments payments) {
        this.payments = payments;
    }

    @Transactional(readOnly = true)
    public PaymentView get(String id) {
        return payments.find(TenantContext.require(), id, false).map(PaymentView::of).orElseThrow(() -> ApiException.notFound("payment", id));
    }

    @Transactional(readOnly = true)
    public ListPage<PaymentView> list(Payments.Filter filter, PageRequest page) {
        return ListPage.of(payments.list(TenantContext.require(), filter, page), page, Payment::id, PaymentView::of);
    }
}
