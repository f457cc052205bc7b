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
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.billstream.platform.ids.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The RSA key that signs access tokens, kept in the database so that every instance signs and
 * verifies with the same key and tokens outlive restarts. The first instance to need a key creates
 * it under an advisory lock, so concurrent first starts agree on one.
 */
@Component
class SigningKeys implements JWKSource<SecurityContext> {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private volatile JWKSet keys;

    SigningKeys(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
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

    private JWKSet loadOrCreate() {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('billstream:signing-keys', 0))").query().singleRow();
        List<JWK> stored = jdbc.sql("SELECT kid, public_key, private_key FROM signing_keys ORDER BY created_at, kid LIMIT 1")
                .query((rs, n) -> toJwk(rs.getString("kid"), rs.getBytes("public_key"), rs.getBytes("private_key")))
                .list();
        if (!stored.isEmpty()) {
            return new JWKSet(stored);
        }
        KeyPair pair = generate();
        String kid = Ids.next("kid");
        jdbc.sql("INSERT INTO signing_keys (kid, algorithm, public_key, private_key, created_at) VALUES (:kid, 'RS256', :pub, :priv, :at)")
                .param("kid", kid).param("pub", pair.getPublic().getEncoded()).param("priv", pair.getPrivate().getEncoded())
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
