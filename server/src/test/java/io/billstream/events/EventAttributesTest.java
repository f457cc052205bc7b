package io.billstream.events;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class EventAttributesTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private JsonNode object(String text) {
        return json.readTree(text);
    }

    @Test
    void aPaymentCarriesItsAmountTransactionAndMethod() {
        var attributes = EventAttributes.of(object("""
                {"object":"payment","amount_minor":12900,"currency":"USD","provider_transaction_id":"txn_1","payment_method_id":"pm_1",
                 "applied_minor":100}"""));
        assertThat(attributes).isEqualTo(new EventAttributes(12900L, "USD", "txn_1", null, "pm_1"));
    }

    @Test
    void aRefundCarriesItsAmountAndProviderRefundId() {
        var attributes = EventAttributes.of(object("""
                {"object":"refund","amount_minor":500,"currency":"EUR","provider_refund_id":"re_9"}"""));
        assertThat(attributes).isEqualTo(new EventAttributes(500L, "EUR", "re_9", null, null));
    }

    @Test
    void invoicesAndCreditNotesCarryTheirTotal() {
        assertThat(EventAttributes.of(object("""
                {"object":"invoice","subtotal_minor":1000,"total_minor":1190,"amount_due_minor":0,"currency":"EUR"}""")).amountMinor())
                .isEqualTo(1190L);
        assertThat(EventAttributes.of(object("""
                {"object":"credit_note","total_minor":300,"currency":"EUR"}""")).amountMinor()).isEqualTo(300L);
    }

    @Test
    void aCreditBalanceCarriesItsSignedChange() {
        var attributes = EventAttributes.of(object("""
                {"object":"credit_balance","balance_minor":700,"change_minor":-300,"currency":"USD"}"""));
        assertThat(attributes.amountMinor()).isEqualTo(-300L);
        assertThat(attributes.currency()).isEqualTo("USD");
    }

    @Test
    void aPaymentMethodCarriesItsOwnType() {
        var attributes = EventAttributes.of(object("""
                {"object":"payment_method","id":"pm_1","type":"sepa_debit"}"""));
        assertThat(attributes.paymentMethodType()).isEqualTo("sepa_debit");
        assertThat(attributes.paymentMethodId()).isNull();
    }

    @Test
    void aCustomersCurrencyIsNotMoney() {
        var attributes = EventAttributes.of(object("""
                {"object":"customer","currency":"USD","total_minor":5}"""));
        assertThat(attributes).isEqualTo(new EventAttributes(null, null, null, null, null));
    }

    @Test
    void anAmountWithoutCurrencyIsNotKept() {
        assertThat(EventAttributes.of(object("""
                {"object":"external_event","amount_minor":100,"currency":null}""")).amountMinor()).isNull();
    }

    @Test
    void aPaymentNotYetSentHasNoTransaction() {
        assertThat(EventAttributes.of(object("""
                {"object":"payment","amount_minor":1,"currency":"USD","provider_transaction_id":null}""")).providerTransactionId())
                .isNull();
    }
}
