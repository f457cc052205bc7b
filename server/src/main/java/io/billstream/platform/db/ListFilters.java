package io.billstream.platform.db;

/** SQL fragments that list queries share. */
public final class ListFilters {

    /**
     * {@code AND customer_id = } the customer that {@code :customer} names in {@code :tenant}: its ID, or
     * its external_id, as the API accepts everywhere.
     */
    public static final String CUSTOMER_ID_OR_EXTERNAL_ID = " AND customer_id = CASE WHEN starts_with(:customer, 'cus_') THEN :customer"
            + " ELSE (SELECT c.id FROM customers c WHERE c.tenant_id = :tenant AND c.external_id = :customer) END";

    private ListFilters() {
    }
}
