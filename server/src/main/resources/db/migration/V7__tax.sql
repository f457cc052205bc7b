-- Taxes: what V5 left out.

-- A customer's tax mode set back to null (the tenant's) removes its row, and deleting a test clock
-- deletes its customers' settings before the customers themselves.
GRANT DELETE ON customer_tax_settings TO billstream_app;
