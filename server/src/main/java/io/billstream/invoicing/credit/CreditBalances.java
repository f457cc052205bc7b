package io.billstream.invoicing.credit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.billstream.customer.BillingAccount;
import io.billstream.customer.CustomerDirectory;
import io.billstream.events.BillingEventLog;
import io.billstream.events.EventSubjects;
import io.billstream.invoicing.credit.db.CreditBalanceLedger;
import io.billstream.invoicing.credit.db.CreditedInvoices;
import io.billstream.invoicing.credit.db.IssuedCreditNotes;
import io.billstream.invoicing.credit.domain.CreditBalanceKind;
import io.billstream.invoicing.credit.domain.CreditBalanceTransaction;
import io.billstream.invoicing.credit.domain.VoidedInvoiceCredit;
import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.clock.BillingTime;
import io.billstream.platform.domain.StateConflictException;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.money.Currencies;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customers' credit balances, one per currency: credit notes and operators add to them, invoices
 * consume them when they are finalised, voided invoices give back what they consumed. Every change
 * is a new ledger row taken under a per-balance lock, so concurrent changes never overdraw a balance,
 * and writes {@code customer.credit_balance_changed}.
 *
 * <p>Callers that also lock an invoice row must take that lock first (as credit notes do), so the two
 * locks are always taken in the same order.
 */
@Service
public class CreditBalances {

    static final String CHANGED = "customer.credit_balance_changed";
    private static final int MAX_DESCRIPTION_LENGTH = 500;

    private final CreditBalanceLedger ledger;
    private final CreditedInvoices invoices;
    private final IssuedCreditNotes creditNotes;
    private final CustomerDirectory customers;
    private final BillingEventLog events;
    private final AuditLog audit;
    private final BillingTime time;

    CreditBalances(CreditBalanceLedger ledger, CreditedInvoices invoices, IssuedCreditNotes creditNotes, CustomerDirectory customers,
                   BillingEventLog events, AuditLog audit, BillingTime time) {
        this.ledger = ledger;
        this.invoices = invoices;
        this.creditNotes = creditNotes;
        this.customers = customers;
        this.events = events;
        this.audit = audit;
        this.time = time;
    }

    /** The customer's credit balance in {@code currency} (0 when it never had one). */
    @Transactional(readOnly = true)
    public long balance(String customerId, String currency) {
        return ledger.balance(TenantContext.require(), customerId, currency);
    }

    /**
     * Applies the credit balance to an invoice being finalised: takes {@code min(balance, maxMinor)}
     * and returns it; 0, with no ledger row, when there is no balance. The caller adds the result to the
     * invoice's {@code credit_applied_minor}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long consume(String customerId, String currency, long maxMinor, String invoiceId) {
        if (maxMinor < 0) {
            throw new IllegalArgumentException("Cannot consume a negative amount of credit: " + maxMinor);
        }
        if (maxMinor == 0) {
            return 0;
        }
        String tenantId = TenantContext.require();
        ledger.lock(tenantId, customerId, currency);
        long balance = ledger.balance(tenantId, customerId, currency);
        long taken = Math.min(balance, maxMinor);
        if (taken > 0) {
            post(customerId, currency, balance, -taken, CreditBalanceKind.INVOICE_APPLIED, null, invoiceId,
                    "Applied to invoice " + invoiceId, now(customerId));
        }
        return taken;
    }

    /**
     * Gives back, once, the credit a voided invoice consumed. What the invoice's credit notes already
     * returned (to the balance or as a refund) is not given back again: a paid invoice is credited in
     * full before it is voided. Calling it again changes nothing.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void restoreForVoidedInvoice(String invoiceId) {
        String tenantId = TenantContext.require();
        var consumed = ledger.consumptionOf(tenantId, invoiceId);
        if (consumed.isEmpty()) {
            return;
        }
        String customerId = consumed.get().customerId();
        String currency = consumed.get().currency();
        ledger.lock(tenantId, customerId, currency);
        // Read again under the lock: a concurrent restore of the same invoice has finished by now.
        var locked = ledger.consumptionOf(tenantId, invoiceId).orElseThrow();
        long restorable = new VoidedInvoiceCredit(locked.consumedMinor(), locked.restoredMinor(),
                invoices.amountPaid(tenantId, invoiceId).orElse(0L), creditNotes.returnedFor(tenantId, invoiceId)).restorableMinor();
        if (restorable > 0) {
            post(customerId, currency, ledger.balance(tenantId, customerId, currency), restorable, CreditBalanceKind.INVOICE_VOIDED,
                    null, invoiceId, "Invoice " + invoiceId + " voided", now(customerId));
        }
    }

    /**
     * Adds credit to the customer's balance, dated now on the customer's clock.
     *
     * @param kind {@code credit_note}, {@code invoice_voided}, {@code invoice_credit}, {@code adjustment},
     *             {@code overpayment} or {@code refund_failed}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void credit(String customerId, String currency, long amountMinor, String kind, String creditNoteId, String invoiceId,
                       String description) {
        credit(customerId, currency, amountMinor, kind, creditNoteId, invoiceId, description, now(customerId));
    }

    /** {@link #credit(String, String, long, String, String, String, String)} dated {@code at}: when the money moved. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void credit(String customerId, String currency, long amountMinor, String kind, String creditNoteId, String invoiceId,
                       String description, Instant at) {
        CreditBalanceKind parsed = CreditBalanceKind.fromApiName(kind);
        if (amountMinor <= 0 || parsed == CreditBalanceKind.INVOICE_APPLIED) {
            throw new IllegalArgumentException("A credit adds a positive amount; got " + amountMinor + " as " + kind);
        }
        String tenantId = TenantContext.require();
        ledger.lock(tenantId, customerId, currency);
        post(customerId, currency, ledger.balance(tenantId, customerId, currency), amountMinor, parsed, creditNoteId, invoiceId,
                description, at);
    }

    /**
     * An operator's adjustment: a positive amount grants credit, a negative one removes it, never
     * below zero.
     *
     * @param currency null for the customer's currency, the only one accepted
     */
    @Transactional
    public CreditBalanceTransactionView adjust(String customerIdOrExternalId, Long amountMinor, String currency, String description) {
        BillingAccount account = account(customerIdOrExternalId);
        if (amountMinor == null) {
            throw ApiException.invalid("amount_minor", "amount_minor is required: positive to grant credit, negative to remove it");
        }
        if (amountMinor == 0) {
            throw ApiException.invalid("amount_minor", "amount_minor must not be zero");
        }
        String code = currency == null ? account.currency() : Currencies.parse(currency, "currency").getCurrencyCode();
        if (!code.equals(account.currency())) {
            throw ApiException.invalid("currency", "must be the customer's currency, " + account.currency());
        }
        String text = description == null || description.isBlank() ? null : description.strip();
        if (text != null && text.length() > MAX_DESCRIPTION_LENGTH) {
            throw ApiException.invalid("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        Instant now = time.nowForChange(account.testClockId());
        String tenantId = TenantContext.require();
        ledger.lock(tenantId, account.id(), code);
        CreditBalanceTransaction posted;
        try {
            posted = post(account.id(), code, ledger.balance(tenantId, account.id(), code), amountMinor, CreditBalanceKind.ADJUSTMENT,
                    null, null, text, now);
        } catch (StateConflictException e) {
            throw ApiException.conflict(e.code(), "amount_minor", e.getMessage());
        }
        CreditBalanceTransactionView view = CreditBalanceTransactionView.of(posted);
        audit.record("credit_balance.adjust", "credit_balance_transaction", posted.id(), null, view);
        return view;
    }

    /** The customer's balance in its own currency, then in any other currency it has credit in. */
    @Transactional(readOnly = true)
    public List<CreditBalanceView> balances(String customerIdOrExternalId) {
        BillingAccount account = account(customerIdOrExternalId);
        Map<String, Long> others = new TreeMap<>(ledger.balances(TenantContext.require(), account.id()));
        List<CreditBalanceView> balances = new ArrayList<>();
        balances.add(CreditBalanceView.of(account.id(), account.currency(), others.getOrDefault(account.currency(), 0L)));
        others.remove(account.currency());
        others.forEach((currency, balance) -> balances.add(CreditBalanceView.of(account.id(), currency, balance)));
        return balances;
    }

    @Transactional(readOnly = true)
    public ListPage<CreditBalanceTransactionView> transactions(String customerIdOrExternalId, String currency, PageRequest page) {
        BillingAccount account = account(customerIdOrExternalId);
        String code = currency == null ? null : Currencies.parse(currency, "currency").getCurrencyCode();
        return ListPage.of(ledger.list(TenantContext.require(), account.id(), code, page), page, CreditBalanceTransaction::id,
                CreditBalanceTransactionView::of);
    }

    private CreditBalanceTransaction post(String customerId, String currency, long balanceMinor, long amountMinor,
                                          CreditBalanceKind kind, String creditNoteId, String invoiceId, String description,
                                          Instant now) {
        CreditBalanceTransaction posted = CreditBalanceTransaction.post(Ids.next("cbt"), TenantContext.require(), customerId, currency,
                balanceMinor, amountMinor, kind, creditNoteId, invoiceId, description, now);
        ledger.insert(posted);
        events.append(CHANGED, new EventSubjects(customerId, null, invoiceId, null),
                new CreditBalanceChange("credit_balance", customerId, currency, posted.balanceAfterMinor(), amountMinor, kind.apiName(),
                        invoiceId, creditNoteId),
                null);
        return posted;
    }

    /** "Now" on the customer's clock: a test-clock customer's ledger moves in the clock's time. */
    private Instant now(String customerId) {
        return time.now(customers.find(customerId)
                .orElseThrow(() -> new IllegalArgumentException("No customer " + customerId))
                .testClockId());
    }

    private BillingAccount account(String customerIdOrExternalId) {
        return customers.find(customerIdOrExternalId).orElseThrow(() -> ApiException.notFound("customer", customerIdOrExternalId));
    }
}
