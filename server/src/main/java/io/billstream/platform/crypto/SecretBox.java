package io.billstream.platform.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.billstream.platform.db.DatabaseProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Seals secrets kept in the database (webhook signing secrets, token-signing keys) with AES-GCM
 * under a key from configuration, so a copy of the database alone reveals none of them.
 *
 * <p>A sealed value reads {@code v1.<key id>.<base64url(iv || ciphertext || tag)>}: a fresh 96-bit
 * IV per value, a 128-bit tag, and the version and key ID bound to the ciphertext as associated
 * data. The key ID names the key that sealed it, so after a rotation values sealed under a previous
 * key (still configured in {@code billstream.encryption.previous-keys}) remain readable.
 */
@Component
public class SecretBox {

    private static final String VERSION = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final String currentKeyId;
    private final Map<String, SecretKey> keysById;

    @Autowired
    SecretBox(EncryptionProperties properties, DatabaseProperties database) {
        this(EncryptionKeys.current(properties, database), EncryptionKeys.previous(properties));
    }

    private SecretBox(byte[] currentKey, List<byte[]> previousKeys) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        this.currentKeyId = keyId(currentKey);
        keys.put(currentKeyId, new SecretKeySpec(checkedLength(currentKey), "AES"));
        for (byte[] previous : previousKeys) {
            keys.putIfAbsent(keyId(previous), new SecretKeySpec(checkedLength(previous), "AES"));
        }
        this.keysById = Map.copyOf(keys);
    }

    /** A box that seals under {@code currentKey} and also opens what {@code previousKeys} sealed (tests, tools). */
    public static SecretBox withKeys(byte[] currentKey, List<byte[]> previousKeys) {
        return new SecretBox(currentKey, new ArrayList<>(previousKeys));
    }

    /** The sealed form of {@code plaintext}: self-describing text safe to store in a text column. */
    public String seal(String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        String header = VERSION + "." + currentKeyId;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keysById.get(currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(header.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return header + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** The plaintext of a value {@link #seal} produced; fails if it was altered or sealed under another key. */
    public String open(String sealed) {
        String[] parts = sealed == null ? new String[0] : sealed.split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new SealedValueException("Not a sealed value of version " + VERSION);
        }
        SecretKey key = keysById.get(parts[1]);
        if (key == null) {
            throw new SealedValueException("Sealed under key " + parts[1] + ", which is not configured"
                    + " (add it to billstream.encryption.previous-keys)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new SealedValueException("The sealed value is not valid base64");
        }
        if (bytes.length < IV_BYTES + TAG_BITS / 8) {
            throw new SealedValueException("The sealed value is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            byte[] plain = cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SealedValueException("The sealed value was altered or sealed under another key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** Whether {@code sealed} was sealed under an older key and should be sealed again (key rotation). */
    public boolean needsResealing(String sealed) {
        String[] parts = sealed.split("\\.", -1);
        return parts.length != 3 || !VERSION.equals(parts[0]) || !currentKeyId.equals(parts[1]);
    }

    /**
     * The first 8 bytes of the key's SHA-256, in hex: names a key without revealing anything
     * usable about it, and needs no configuration of its own.
     */
    static String keyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] checkedLength(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("An encryption key must be " + KEY_BYTES + " bytes, not " + key.length);
        }
        return key;
    }
}
