package io.billstream.invoicing.domain.tax;

import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import io.billstream.platform.domain.InvalidValueException;

/**
 * How a tenant invoices: whether it taxes by its own rates or through an outside tax system, the
 * prefix of its invoice numbers, whether customers are e-mailed their invoices, how amounts are
 * rounded, and the seller printed on every document. A tenant that never changed them has
 * {@link #DEFAULTS}.
 *
 * @param taxMode      {@code rates} or {@code external}
 * @param numberPrefix 1 to 10 of A-Z, 0-9 and '-': invoice numbers read {@code <prefix>-<year>-<sequence>}
 * @param rounding     {@code HALF_UP}, {@code HALF_EVEN} or {@code HALF_DOWN}
 */
public record InvoiceSettings(String taxMode, String numberPrefix, boolean emailInvoices, RoundingMode rounding, Seller seller) {

    // Before DEFAULTS, which the constructor checks against it.
    private static final Pattern PREFIX = Pattern.compile("[A-Z0-9-]{1,10}");

    public static final InvoiceSettings DEFAULTS = new InvoiceSettings("rates", "INV", true, RoundingMode.HALF_UP, Seller.NONE);

    public InvoiceSettings {
        if (taxMode == null) {
            throw new InvalidValueException("tax_mode", "tax_mode must be 'rates' or 'external'");
        }
        TaxMode.parseForTenant(taxMode, "tax_mode");
        if (numberPrefix == null || !PREFIX.matcher(numberPrefix).matches()) {
            throw new InvalidValueException("number_prefix", "number_prefix must be 1 to 10 characters of A-Z, 0-9 and '-'");
        }
        Objects.requireNonNull(rounding, "rounding");
        if (rounding != RoundingMode.HALF_UP && rounding != RoundingMode.HALF_EVEN && rounding != RoundingMode.HALF_DOWN) {
            throw new InvalidValueException("rounding_mode", "rounding_mode must be 'half_up', 'half_even' or 'half_down'");
        }
        seller = seller == null ? Seller.NONE : seller;
    }

    /**
     * The business issuing the invoices, as printed on them. Every field is optional; empty text is
     * kept as null.
     *
     * @param addressLines the postal address, one line each, at most {@value #MAX_ADDRESS_LINES}
     * @param taxId        the seller's VAT or other tax registration number
     */
    public record Seller(String name, String email, List<String> addressLines, String taxId) {

        public static final int MAX_ADDRESS_LINES = 6;

        private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

        public static final Seller NONE = new Seller(null, null, List.of(), null);

        public Seller {
            name = text(name, "seller.name", 200);
            email = text(email, "seller.email", 254);
            if (email != null && !EMAIL.matcher(email).matches()) {
                throw new InvalidValueException("seller.email", "seller.email must be an e-mail address such as 'billing@example.com'");
            }
            addressLines = lines(addressLines);
            taxId = text(taxId, "seller.tax_id", 64);
        }

        private static List<String> lines(List<String> lines) {
            if (lines == null) {
                return List.of();
            }
            if (lines.size() > MAX_ADDRESS_LINES) {
                throw new InvalidValueException("seller.address_lines", "seller.address_lines has at most " + MAX_ADDRESS_LINES + " lines");
            }
            List<String> kept = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                String line = text(lines.get(i), "seller.address_lines[" + i + "]", 200);
                if (line == null) {
                    throw new InvalidValueException("seller.address_lines[" + i + "]", "an address line must not be empty");
                }
                kept.add(line);
            }
            return List.copyOf(kept);
        }

        private static String text(String value, String field, int maxLength) {
            if (value == null || value.isBlank()) {
                return null;
            }
            String stripped = value.strip();
            if (stripped.length() > maxLength) {
                throw new InvalidValueException(field, field + " must be at most " + maxLength + " characters");
            }
            return stripped;
        }
    }
}
