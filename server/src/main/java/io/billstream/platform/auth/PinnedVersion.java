package io.billstream.platform.auth;

import io.billstream.platform.versioning.ApiVersions;
import io.billstream.platform.web.ApiException;
import org.springframework.http.HttpStatus;

/** The API version a new credential is pinned to: the one asked for, if known, else the newest. */
final class PinnedVersion {

    private PinnedVersion() {
    }

    static String choose(ApiVersions versions, String requested) {
        if (requested == null) {
            return versions.newest();
        }
        if (!versions.known(requested)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "unknown_api_version", "api_version",
                    "Unknown API version '" + requested + "'; known versions: " + versions.all());
        }
        return requested;
    }
}
