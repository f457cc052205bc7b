package io.billstream.platform.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import io.billstream.platform.db.DatabaseProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the encryption keys come from. A configured key always wins. Without one, the embedded
 * database (the one-command start) gets a key generated once and kept beside its data directory,
 * readable by the owner only, like the database passwords: a copy of the cluster files alone still
 * reveals no secret unless the key file is copied too. An external database is production, where a
 * key kept on one machine's disk would be lost with it or differ between instances, so there the key
 * must be configured.
 */
final class EncryptionKeys {

    private static final Logger log = LoggerFactory.getLogger(EncryptionKeys.class);
    static final String KEY_FILE_SUFFIX = ".encryption-key";

    private EncryptionKeys() {
    }

    static byte[] current(EncryptionProperties properties, DatabaseProperties database) {
        if (properties.key() != null && !properties.key().isBlank()) {
            return decode(properties.key(), "billstream.encryption.key");
        }
        if (!database.embeddedMode()) {
            throw new IllegalStateException("""
                    No encryption key is configured. Billstream seals webhook secrets and token-signing keys
                    with it; with an external database it must be given: set BILLSTREAM_ENCRYPTION_KEY
                    (billstream.encryption.key) to base64 of 32 random bytes, e.g. `openssl rand -base64 32`,
                    the same on every instance, and keep it safe: without it the stored secrets are lost.""");
        }
        Path dataDirectory = database.embedded().dataDirectory().toAbsolutePath().normalize();
        return loadOrGenerate(dataDirectory.resolveSibling(dataDirectory.getFileName() + KEY_FILE_SUFFIX));
    }

    static List<byte[]> previous(EncryptionProperties properties) {
        return properties.previousKeys().stream()
                .filter(key -> !key.isBlank())
                .map(key -> decode(key.trim(), "billstream.encryption.previous-keys"))
                .toList();
    }

    static byte[] loadOrGenerate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
                    log.warn("No billstream.encryption.key configured: generated one for the embedded database in {}. "
                            + "In production configure BILLSTREAM_ENCRYPTION_KEY instead (an external database requires it).", file);
                    return key;
                } catch (FileAlreadyExistsException raced) {
                    // Another process created it first; read theirs below.
                }
            }
            log.warn("No billstream.encryption.key configured: using the key generated for the embedded database in {}", file);
            return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the encryption key file " + file, e);
        }
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not valid base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException(source + " must be base64 of 32 bytes (AES-256), not " + key.length + " bytes");
        }
        return key;
    }
}
