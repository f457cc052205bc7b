package io.billstream.invoicing.credit.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An invoice line as a credit note sees it. Credits are tax-inclusive parts of the line's total
 * ({@code amount_minor + tax_minor}); the tax inside a credit is the line's tax in proportion.
 *
 * @param taxMinor          exclusive tax added on top of {@code amountMinor}
 * @param inclusiveTaxMinor tax contained in {@code amountMinor}
 * @param creditedMinor     what earlier credit notes took of the line's total
 */
public record CreditableLine(String id, String description, long amountMinor, long taxMinor, long inclusiveTaxMinor,
                             long creditedMinor) {

    public long totalMinor() {
        return amountMinor + taxMinor;
    }

    /** Adjustment credits (negative lines) and free lines have nothing to give back. */
    public boolean creditable() {
        return totalMinor() > 0;
    }

    public long remainingMinor() {
        return creditable() ? Math.max(0, totalMinor() - creditedMinor) : 0;
    }

    /**
     * The tax inside a credit of {@code amountMinor} taken after what is already credited:
     * {@code round_half_up(amount × lineTax / lineTotal)} for a line's first credit. Later pieces are
     * the tax on the cumulative credit minus the tax on what came before, so a line credited in any
     * number of pieces gives back exactly its tax, never a minor unit more or less.
     */
    public long taxInCredit(long amountMinor) {
        return taxOfCumulative(creditedMinor + amountMinor) - taxOfCumulative(creditedMinor);
    }

    private long taxOfCumulative(long creditedTotalMinor) {
        long lineTax = taxMinor + inclusiveTaxMinor;
        if (lineTax == 0 || creditedTotalMinor == 0) {
            return 0;
        }
        return BigDecimal.valueOf(creditedTotalMinor).multiply(BigDecimal.valueOf(lineTax))
                .divide(BigDecimal.valueOf(totalMinor()), 0, RoundingMode.HALF_UP).longValueExact();
    }
}
