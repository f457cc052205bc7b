package io.billstream.invoicing;

import java.util.ArrayList;
import java.util.List;

import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The external tax round trip (pending_tax, tax lines, finalisation) and credit: a credit note on an
 * issued invoice, the credit balance it leaves, and the next invoice consuming it.
 */
class InvoiceTaxAndCreditIntegrationTest extends BillingIntegrationTest {

    String key;
    String customer;

    @BeforeEach
    void tenantAndCustomer() {
        key = newTenant().adminKey();
        customer = created(api.post("/v1/customers", key, "{\"external_id\":\"acme\",\"currency\":\"USD\"}")).get("id").asString();
    }

    @Test
    void an_external_tax_system_taxes_pending_invoices_which_then_finalise() {
        ok(api.patch("/v1/invoice-settings", key, "{\"tax_mode\":\"external\"}"));
        JsonNode invoice = created(api.post("/v1/invoices", key, """
                {"customer":"acme","lines":[{"description":"Licence","quantity":"2","unit_price":"50.00"},
                                            {"description":"Support","unit_price":"20.00"}],"auto_finalize":true}
                """));
        String id = invoice.get("id").asString();
        assertThat(invoice.get("status").asString()).isEqualTo("pending_tax");
        assertThat(invoice.get("number").isNull()).isTrue();
        assertThat(invoice.get("total_minor").asLong()).isEqualTo(12000);
        JsonNode pending = ok(api.get("/v1/invoices?status=pending_tax", key));
        assertThat(pending.get("data")).extracting(i -> i.get("id").asString()).containsExactly(id);

        String licence = invoice.get("lines").get(0).get("id").asString();
        String support = invoice.get("lines").get(1).get("id").asString();
        ApiResponse unknownLine = api.post("/v1/invoices/" + id + "/tax-lines", key,
                "{\"tax_lines\":[{\"invoice_line\":\"il_nope\",\"name\":\"X\",\"amount_minor\":1}]}");
        assertThat(unknownLine.status()).isEqualTo(400);
        assertThat(unknownLine.json().get("param").asString()).isEqualTo("tax_lines[0].invoice_line");
        ApiResponse noAmount = api.post("/v1/invoices/" + id + "/tax-lines", key,
                "{\"tax_lines\":[{\"invoice_line\":\"" + licence + "\",\"name\":\"X\"}]}");
        assertThat(noAmount.json().get("param").asString()).isEqualTo("tax_lines[0].amount_minor");
        assertThat(ok(api.get("/v1/invoices/" + id, key)).get("status").asString()).isEqualTo("pending_tax");

        // Two tax lines on the licence (state 6.25 %, county 1 %), one on support: 6.25 + 1.00 + 1.45 = 8.70.
        JsonNode taxed = ok(api.post("/v1/invoices/" + id + "/tax-lines", key, """
                {"tax_lines":[
                  {"invoice_line":"%s","name":"CA State Tax","percentage":"6.25","amount_minor":625,"jurisdiction":"CA","external_ref":"avl-1"},
                  {"invoice_line":"%s","name":"LA County Tax","percentage":"1","amount_minor":100,"jurisdiction":"CA-LA"},
                  {"invoice_line":"%s","name":"CA State Tax","percentage":"7.25","amount_minor":145,"jurisdiction":"CA"}]}
                """.formatted(licence, licence, support)));
        assertThat(taxed.get("status").asString()).isEqualTo("finalized");
        assertThat(taxed.get("number").asString()).endsWith("-000001");
        assertThat(taxed.get("subtotal_minor").asLong()).isEqualTo(12000);
        assertThat(taxed.get("tax_minor").asLong()).isEqualTo(870);
        assertThat(taxed.get("total_minor").asLong()).isEqualTo(12870);
        assertThat(taxed.get("amount_due_minor").asLong()).isEqualTo(12870);
        assertThat(taxed.get("lines").get(0).get("tax_minor").asLong()).isEqualTo(725);
        assertThat(taxed.get("lines").get(0).get("taxes").get(0).get("external_ref").asString()).isEqualTo("avl-1");
        assertThat(taxed.get("lines").get(1).get("tax_minor").asLong()).isEqualTo(145);
        assertThat(eventTypes(key, customer)).containsSubsequence("invoice.created", "invoice.pending_tax", "invoice.tax_applied",
                "invoice.finalized");

        ApiResponse again = api.post("/v1/invoices/" + id + "/tax-lines", key,
                "{\"tax_lines\":[{\"invoice_line\":\"" + licence + "\",\"name\":\"X\",\"amount_minor\":1}]}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asString()).isEqualTo("invoice_not_pending_tax");
    }

    @Test
    void a_credit_note_leaves_a_credit_balance_that_the_next_invoices_consume() {
        // A 5.00 credit on account, then a 12.00 invoice: 5.00 applied, 7.00 due.
        created(api.post("/v1/customers/acme/credit-balance-transactions", key,
                "{\"amount_minor\":500,\"currency\":\"USD\",\"description\":\"Welcome credit\"}"));
        JsonNode first = issue("Consulting", "12.00");
        assertThat(first.get("credit_applied_minor").asLong()).isEqualTo(500);
        assertThat(first.get("amount_due_minor").asLong()).isEqualTo(700);
        assertThat(first.get("status").asString()).isEqualTo("finalized");
        assertThat(balance()).isZero();

        // Crediting the whole invoice: the 7.00 still due is cancelled, the 5.00 paid from credit goes back to the balance.
        JsonNode note = created(api.post("/v1/credit-notes", key, "{\"invoice\":\"" + first.get("id").asString()
                + "\",\"reason\":\"correction\"}"));
        assertThat(note.get("total_minor").asLong()).isEqualTo(1200);
        assertThat(note.get("number").asString()).isEqualTo(first.get("number").asString() + "-CN1");
        JsonNode credited = ok(api.get("/v1/invoices/" + first.get("id").asString(), key));
        assertThat(credited.get("amount_due_minor").asLong()).isZero();
        assertThat(credited.get("status").asString()).isEqualTo("paid");
        assertThat(balance()).isEqualTo(500);

        // The next invoice (3.00) takes 3.00 of it and is paid at once; 2.00 stays for the one after.
        JsonNode second = issue("Extra seat", "3.00");
        assertThat(second.get("credit_applied_minor").asLong()).isEqualTo(300);
        assertThat(second.get("amount_due_minor").asLong()).isZero();
        assertThat(second.get("status").asString()).isEqualTo("paid");
        assertThat(balance()).isEqualTo(200);
        JsonNode third = issue("Training", "10.00");
        assertThat(third.get("credit_applied_minor").asLong()).isEqualTo(200);
        assertThat(third.get("amount_due_minor").asLong()).isEqualTo(800);
        assertThat(balance()).isZero();

        // Voiding the third gives its 2.00 back; voiding the paid second one needs a credit note.
        JsonNode voided = ok(api.post("/v1/invoices/" + third.get("id").asString() + "/void", key, "{}"));
        assertThat(voided.get("status").asString()).isEqualTo("void");
        assertThat(voided.get("amount_due_minor").asLong()).isZero();
        assertThat(balance()).isEqualTo(200);
        ApiResponse paidVoid = api.post("/v1/invoices/" + second.get("id").asString() + "/void", key, "{}");
        assertThat(paidVoid.status()).isEqualTo(409);
        assertThat(paidVoid.json().get("code").asString()).isEqualTo("credit_note_required");
        JsonNode voidedPaid = ok(api.post("/v1/invoices/" + second.get("id").asString() + "/void", key,
                "{\"credit_note\":{\"reason\":\"refund\",\"credit_method\":\"credit_balance\"}}"));
        assertThat(voidedPaid.get("status").asString()).isEqualTo("void");
        assertThat(balance()).isEqualTo(500);
        assertThat(eventTypes(key, customer)).contains("credit_note.created", "customer.credit_balance_changed", "invoice.voided");
    }

    JsonNode issue(String description, String price) {
        return created(api.post("/v1/invoices", key, "{\"customer\":\"acme\",\"lines\":[{\"description\":\"" + description
                + "\",\"unit_price\":\"" + price + "\"}],\"auto_finalize\":true}"));
    }

    long balance() {
        List<JsonNode> balances = new ArrayList<>();
        ok(api.get("/v1/customers/acme/credit-balance", key)).get("data").forEach(balances::add);
        return balances.stream().filter(b -> b.get("currency").asString().equals("USD")).findFirst().orElseThrow()
                .get("balance_minor").asLong();
    }
}
