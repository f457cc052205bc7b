package io.billstream.catalog.domain;

import java.math.BigDecimal;

/** Billed once, when a subscription's first paid period starts (e.g. a setup fee). */
public record OneTimeItem(String code, String name, BigDecimal unitPrice, long quantity) {
}
