package io.billstream.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** High-entropy secrets and their hashes. */
final class SecretTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private SecretTokens() {
    }

    /** {@code prefix} followed by 43 base62 characters (about 256 bits). */
    static String generate(String prefix) {
        StringBuilder secret = new StringBuilder(prefix);
        for (int i = 0; i < 43; i++) {
            secret.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return secret.toString();
    }

    /**
     * A fast hash is enough for API keys: they are random and 256 bits long, so there is nothing to
     * guess, and the hash is computed on every request.
     */
    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hint(String secret) {
        return secret.substring(secret.length() - 4);
    }
}
