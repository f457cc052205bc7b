package io.billstream.platform.crypto;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys secrets are sealed with.
 *
 * @param key          base64 of 32 random bytes (BILLSTREAM_ENCRYPTION_KEY); everything new is sealed
 *                     under it. Required with an external database; with the embedded one a key is
 *                     generated once beside the data directory when none is configured.
 * @param previousKeys keys used before a rotation, base64 each (BILLSTREAM_ENCRYPTION_PREVIOUS_KEYS,
 *                     comma-separated): values sealed under them stay readable until re-sealed
 */
@ConfigurationProperties("billstream.encryption")
public record EncryptionProperties(String key, @DefaultValue List<String> previousKeys) {
}
