package io.billstream.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque list cursors: the position after which the next page starts, base64url-encoded. */
public final class Cursor {

    private Cursor() {
    }

    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("cursor", "The cursor is not one this API returned");
        }
    }
}
