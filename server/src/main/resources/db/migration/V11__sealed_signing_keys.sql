-- Token-signing private keys are kept sealed (AES-GCM, platform.crypto.SecretBox) like every other
-- secret. Keys written by earlier versions in plain bytes are sealed by the server at startup, which
-- then clears the plaintext column; the check keeps a row from ever losing both.
ALTER TABLE signing_keys ADD COLUMN private_key_sealed text;
ALTER TABLE signing_keys ALTER COLUMN private_key DROP NOT NULL;
ALTER TABLE signing_keys ADD CONSTRAINT signing_keys_private_key_kept
    CHECK (private_key IS NOT NULL OR private_key_sealed IS NOT NULL);
GRANT UPDATE (private_key, private_key_sealed) ON signing_keys TO billstream_app;
