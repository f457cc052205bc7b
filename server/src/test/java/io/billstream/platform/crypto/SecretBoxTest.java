package io.billstream.platform.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.billstream.platform.db.DatabaseProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {

    private static final byte[] KEY = key();
    private static final byte[] OTHER_KEY = key();

    @Test
    void a_sealed_value_opens_to_the_original() {
        SecretBox box = SecretBox.withKeys(KEY, List.of());
        String sealed = box.seal("whsec_c2VjcmV0IMOpw6DDvCDinIU=");

        assertThat(box.open(sealed)).isEqualTo("whsec_c2VjcmV0IMOpw6DDvCDinIU=");
        assertThat(sealed).startsWith("v1." + SecretBox.keyId(KEY) + ".").doesNotContain("c2VjcmV0");
    }

    @Test
    void sealing_twice_gives_different_text_because_each_value_has_its_own_iv() {
        SecretBox box = SecretBox.withKeys(KEY, List.of());

        assertThat(box.seal("same")).isNotEqualTo(box.seal("same"));
    }

    @Test
    void an_altered_ciphertext_is_refused() {
        SecretBox box = SecretBox.withKeys(KEY, List.of());
        String sealed = box.seal("whsec_secret");
        String[] parts = sealed.split("\\.");
        byte[] bytes = Base64.getUrlDecoder().decode(parts[2]);
        bytes[bytes.length - 20] ^= 1;
        String tampered = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        assertThatThrownBy(() -> box.open(tampered)).isInstanceOf(SealedValueException.class).hasMessageContaining("altered");
    }

    @Test
    void a_value_with_a_swapped_key_id_is_refused_because_the_header_is_authenticated() {
        SecretBox box = SecretBox.withKeys(KEY, List.of(OTHER_KEY));
        String sealed = box.seal("whsec_secret");
        String relabelled = sealed.replace(SecretBox.keyId(KEY), SecretBox.keyId(OTHER_KEY));

        assertThatThrownBy(() -> box.open(relabelled)).isInstanceOf(SealedValueException.class);
    }

    @Test
    void a_value_sealed_under_an_unknown_key_is_refused_naming_the_key() {
        String sealed = SecretBox.withKeys(OTHER_KEY, List.of()).seal("whsec_secret");

        assertThatThrownBy(() -> SecretBox.withKeys(KEY, List.of()).open(sealed))
                .isInstanceOf(SealedValueException.class).hasMessageContaining(SecretBox.keyId(OTHER_KEY));
    }

    @Test
    void the_same_key_id_under_a_different_key_fails_the_tag_check() {
        SecretBox box = SecretBox.withKeys(KEY, List.of());
        String sealed = box.seal("whsec_secret");
        String forged = sealed.replace(SecretBox.keyId(KEY), "0000000000000000");

        assertThatThrownBy(() -> box.open(forged)).isInstanceOf(SealedValueException.class);
        assertThatThrownBy(() -> box.open("not sealed")).isInstanceOf(SealedValueException.class);
        assertThatThrownBy(() -> box.open("v1." + SecretBox.keyId(KEY) + ".AAAA")).isInstanceOf(SealedValueException.class);
    }

    @Test
    void after_a_rotation_old_values_still_open_and_new_ones_use_the_new_key() {
        SecretBox before = SecretBox.withKeys(OTHER_KEY, List.of());
        String old = before.seal("whsec_old");
        SecretBox rotated = SecretBox.withKeys(KEY, List.of(OTHER_KEY));

        assertThat(rotated.open(old)).isEqualTo("whsec_old");
        assertThat(rotated.needsResealing(old)).isTrue();
        String fresh = rotated.seal("whsec_new");
        assertThat(rotated.needsResealing(fresh)).isFalse();
        assertThatThrownBy(() -> before.open(fresh)).isInstanceOf(SealedValueException.class);
    }

    @Test
    void a_key_of_the_wrong_length_is_refused() {
        assertThatThrownBy(() -> SecretBox.withKeys(new byte[16], List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void with_the_embedded_database_and_no_key_one_is_generated_once_readable_by_the_owner_only(@TempDir Path dir) throws Exception {
        var database = new DatabaseProperties(null, null, null, null, null, 20,
                new DatabaseProperties.Embedded(dir.resolve("postgres"), null, 0, Map.of()));
        var unconfigured = new EncryptionProperties(null, List.of());

        byte[] first = EncryptionKeys.current(unconfigured, database);
        byte[] second = EncryptionKeys.current(unconfigured, database);

        assertThat(first).hasSize(32).isEqualTo(second);
        Path file = dir.resolve("postgres" + EncryptionKeys.KEY_FILE_SUFFIX);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String sealed = new SecretBox(unconfigured, database).seal("x");
        assertThat(new SecretBox(unconfigured, database).open(sealed)).isEqualTo("x");
    }

    @Test
    void with_an_external_database_a_key_must_be_configured() {
        var database = new DatabaseProperties("jdbc:postgresql://db/billstream", "u", "p", null, null, 20,
                new DatabaseProperties.Embedded(Path.of("unused"), null, 0, Map.of()));

        assertThatThrownBy(() -> new SecretBox(new EncryptionProperties(null, List.of()), database))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("BILLSTREAM_ENCRYPTION_KEY");
        String configured = Base64.getEncoder().encodeToString(KEY);
        String previous = Base64.getEncoder().encodeToString(OTHER_KEY);
        SecretBox box = new SecretBox(new EncryptionProperties(configured, List.of(previous)), database);
        assertThat(box.open(SecretBox.withKeys(OTHER_KEY, List.of()).seal("old"))).isEqualTo("old");
        assertThatThrownBy(() -> new SecretBox(new EncryptionProperties("c2hvcnQ=", List.of()), database))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("32 bytes");
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
