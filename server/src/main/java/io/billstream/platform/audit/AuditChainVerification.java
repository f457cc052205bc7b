package io.billstream.platform.audit;

import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * The outcome of walking a tenant's audit hash chain.
 *
 * @param rowsChecked  rows read before the walk ended (at the end of the chain or at the first invalid row)
 * @param redactedRows rows among them whose changes an erasure redacted (valid: their digest still chains)
 * @param head         the chain's last position and hash as recorded when the walk began; an auditor who
 *                     keeps it elsewhere can later tell that no one rewrote the chain up to there
 * @param firstInvalid null when the chain is valid
 */
@JacksonXmlRootElement(localName = "audit_chain_verification")
public record AuditChainVerification(String object, boolean valid, long rowsChecked, long redactedRows, Head head,
                                     FirstInvalid firstInvalid) {

    public record Head(long position, String hash) {
    }

    /**
     * @param id       the offending row, or null when rows are missing at the end of the chain
     * @param position where in the chain the problem is
     * @param reason   {@code hash_mismatch}, {@code changes_mismatch}, {@code missing_rows}, {@code not_in_chain} or
     *                 {@code head_mismatch}
     */
    public record FirstInvalid(String id, long position, String reason, String detail) {
    }
}
