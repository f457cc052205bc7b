package io.billstream.platform.crypto;

import org.springframework.stereotype.Component;

/**
 * Seals secrets kept in the database (webhook signing secrets, token-signing keys) with AES-GCM
 * under a key from configuration, so a copy of the database alone reveals none of them.
 */
@Component
public class SecretBox {

    /** The sealed form of {@code plaintext}: self-describing text safe to store in a text column. */
    public String seal(String plaintext) {
        throw new UnsupportedOperationException("being written");
    }

    /** The plaintext of a value {@link #seal} produced; fails if it was altered or sealed under another key. */
    public String open(String sealed) {
        throw new UnsupportedOperationException("being written");
    }
}
