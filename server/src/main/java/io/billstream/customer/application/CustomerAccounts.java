package io.billstream.customer.application;

import java.time.Clock;
import java.util.function.UnaryOperator;

import io.billstream.customer.db.Customers;
import io.billstream.customer.domain.Customer;
import io.billstream.customer.domain.CustomerDetails;
import io.billstream.events.BillingEventLog;
import io.billstream.events.EventSubjects;
import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.clock.TestClocks;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Billing accounts: registering, changing and archiving them. Each change is one transaction that
 * also writes its billing event and its audit record.
 */
@Service
public class CustomerAccounts {

    static final String CREATED = "customer.created";
    static final String UPDATED = "customer.updated";
    static final String ARCHIVED = "customer.archived";

    private final Customers customers;
    private final BillingEventLog events;
    private final AuditLog audit;
    private final Clock clock;
    private final TestClocks testClocks;

    CustomerAccounts(Customers customers, BillingEventLog events, AuditLog audit, Clock clock, TestClocks testClocks) {
        this.testClocks = testClocks;
        this.customers = customers;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public CustomerView register(CustomerDetails details, String testClockId) {
        String tenantId = TenantContext.require();
        rejectTakenExternalId(tenantId, details.externalId(), null);
        if (testClockId != null && testClocks.find(tenantId, testClockId).isEmpty()) {
            throw ApiException.invalid("test_clock", "No test clock '" + testClockId + "' in this tenant");
        }
        Customer customer = Customer.register(Ids.next("cus"), tenantId, details, testClockId, clock.instant());
        try {
            customers.insert(customer);
        } catch (DuplicateKeyException raced) {
            throw externalIdTaken(details.externalId());
        }
        CustomerView view = CustomerView.of(customer);
        events.append(CREATED, EventSubjects.customer(customer.id()), view, null);
        audit.record("customer.create", "customer", customer.id(), null, view);
        return view;
    }

    @Transactional(readOnly = true)
    public CustomerView get(String idOrExternalId) {
        return CustomerView.of(load(idOrExternalId, false));
    }

    @Transactional(readOnly = true)
    public ListPage<CustomerView> list(Customers.Filter filter, PageRequest page) {
        return ListPage.of(customers.list(TenantContext.require(), filter, page), page, Customer::id, CustomerView::of);
    }

    @Transactional
    public CustomerView change(String idOrExternalId, UnaryOperator<CustomerDetails> changes) {
        Customer current = load(idOrExternalId, true);
        CustomerDetails details = changes.apply(current.details());
        Customer changed = current.update(details, clock.instant()); // refuses an archived customer
        if (details.equals(current.details())) {
            return CustomerView.of(current);
        }
        rejectTakenExternalId(current.tenantId(), details.externalId(), current.id());
        try {
            save(changed);
        } catch (DuplicateKeyException raced) {
            throw externalIdTaken(details.externalId());
        }
        CustomerView before = CustomerView.of(current);
        CustomerView after = CustomerView.of(changed);
        events.appendChange(UPDATED, EventSubjects.customer(changed.id()), before, after);
        audit.record("customer.update", "customer", changed.id(), before, after);
        return after;
    }

    @Transactional
    public CustomerView archive(String idOrExternalId) {
        Customer current = load(idOrExternalId, true);
        Customer archived = current.archive(clock.instant());
        if (archived == current) {
            return CustomerView.of(current);
        }
        save(archived);
        CustomerView before = CustomerView.of(current);
        CustomerView after = CustomerView.of(archived);
        events.append(ARCHIVED, EventSubjects.customer(archived.id()), after, null);
        audit.record("customer.archive", "customer", archived.id(), before, after);
        return after;
    }

    private Customer load(String idOrExternalId, boolean forUpdate) {
        return customers.find(TenantContext.require(), idOrExternalId, forUpdate)
                .orElseThrow(() -> ApiException.notFound("customer", idOrExternalId));
    }

    private void save(Customer changed) {
        if (!customers.update(changed)) {
            // Unreachable while rows are locked FOR UPDATE; kept as the guard of last resort.
            throw ApiException.conflict("concurrent_update", null, "The customer changed concurrently; retry");
        }
    }

    private void rejectTakenExternalId(String tenantId, String externalId, String ownId) {
        if (externalId == null) {
            return;
        }
        customers.find(tenantId, externalId, false)
                .filter(other -> !other.id().equals(ownId))
                .ifPresent(other -> {
                    throw externalIdTaken(externalId);
                });
    }

    private static ApiException externalIdTaken(String externalId) {
        return ApiException.conflict("external_id_taken", "external_id", "Another customer already has external_id '" + externalId + "'");
    }
}
