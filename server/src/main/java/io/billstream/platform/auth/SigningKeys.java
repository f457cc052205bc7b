package io.billstream.platform.auth;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.billstream.platform.crypto.SecretBox;
import io.billstream.platform.ids.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The RSA key that signs access tokens, kept in the database so that every instance signs and
 * verifies with the same key and tokens outlive restarts. The first instance to need a key creates
 * it under an advisory lock, so concurrent first starts agree on one. The private key is stored
 * sealed by the {@link SecretBox}, so a copy of the database alone cannot mint tokens.
 */
@Component
class SigningKeys implements JWKSource<SecurityContext> {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SecretBox secrets;
    private volatile JWKSet keys;

    SigningKeys(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, SecretBox secrets) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.secrets = secrets;
    }

    /**
     * Seals private keys that earlier versions stored in plain bytes, and re-seals those sealed under
     * an encryption key that has since been rotated, once at every start.
     */
    @EventListener(ApplicationReadyEvent.class)
    void sealStoredKeys() {
        Integer sealed = transactions.execute(status -> {
            lock();
            record Stored(String kid, byte[] plain, String sealed) {
            }
            List<Stored> rows = jdbc.sql("SELECT kid, private_key, private_key_sealed FROM signing_keys")
                    .query((rs, n) -> new Stored(rs.getString("kid"), rs.getBytes("private_key"), rs.getString("private_key_sealed")))
                    .list();
            int changed = 0;
            for (Stored row : rows) {
                byte[] privateKey = row.sealed() == null ? row.plain()
                        : secrets.needsResealing(row.sealed()) ? Base64.getDecoder().decode(secrets.open(row.sealed())) : null;
                if (privateKey != null) {
                    jdbc.sql("UPDATE signing_keys SET private_key_sealed = :sealed, private_key = NULL WHERE kid = :kid")
                            .param("sealed", seal(privateKey)).param("kid", row.kid())
                            .update();
                    changed++;
                }
            }
            return changed;
        });
        if (sealed != null && sealed > 0) {
            log.info("Sealed {} token-signing key(s) under the current encryption key", sealed);
        }
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        return selector.select(keys());
    }

    private JWKSet keys() {
        JWKSet loaded = keys;
        if (loaded == null) {
            synchronized (this) {
                if (keys == null) {
                    keys = transactions.execute(status -> loadOrCreate());
                }
                loaded = keys;
            }
        }
        return loaded;
    }

    private void lock() {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('billstream:signing-keys', 0))").query().singleRow();
    }

    private String seal(byte[] privateKey) {
        return secrets.seal(Base64.getEncoder().encodeToString(privateKey));
    }

    private JWKSet loadOrCreate() {
        lock();
        List<JWK> stored = jdbc.sql("SELECT kid, public_key, private_key, private_key_sealed FROM signing_keys ORDER BY created_at, kid LIMIT 1")
                .query((rs, n) -> {
                    String sealed = rs.getString("private_key_sealed");
                    // Plain bytes only until sealStoredKeys has run after an upgrade.
                    byte[] privateKey = sealed == null ? rs.getBytes("private_key") : Base64.getDecoder().decode(secrets.open(sealed));
                    return toJwk(rs.getString("kid"), rs.getBytes("public_key"), privateKey);
                })
                .list();
        if (!stored.isEmpty()) {
            return new JWKSet(stored);
        }
        KeyPair pair = generate();
        String kid = Ids.next("kid");
        jdbc.sql("INSERT INTO signing_keys (kid, algorithm, public_key, private_key_sealed, created_at) VALUES (:kid, 'RS256', :pub, :priv, :at)")
                .param("kid", kid).param("pub", pair.getPublic().getEncoded()).param("priv", seal(pair.getPrivate().getEncoded()))
                .param("at", Timestamp.from(clock.instant()))
                .update();
        return new JWKSet(toJwk(kid, pair.getPublic().getEncoded(), pair.getPrivate().getEncoded()));
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWK toJwk(String kid, byte[] publicKey, byte[] privateKey) {
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            return new RSAKey.Builder((RSAPublicKey) factory.generatePublic(new X509EncodedKeySpec(publicKey)))
                    .privateKey((RSAPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(privateKey)))
                    .keyID(kid)
                    .build();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("Stored signing key " + kid + " is unreadable", e);
        }
    }
}
