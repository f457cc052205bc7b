/**
 * Credit notes and customers' credit balances. Published to other modules as the {@code credit}
 * interface: payments issue the credit notes of their refunds here, carry out the refunds of credit
 * notes operators issued, and report how each refund ended.
 */
@org.springframework.modulith.NamedInterface("credit")
package io.billstream.invoicing.credit;
