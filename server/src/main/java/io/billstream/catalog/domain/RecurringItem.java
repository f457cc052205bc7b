package io.billstream.catalog.domain;

import java.math.BigDecimal;

/** Billed every period in advance at unitPrice × quantity (e.g. seats); subscriptions choose the quantity. */
public record RecurringItem(String code, String name, BigDecimal unitPrice, long defaultQuantity) {
}
