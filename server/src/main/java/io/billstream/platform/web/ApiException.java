package io.billstream.platform.web;

import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, rendered as an RFC 9457 problem with a stable {@code code} and, when one
 * field is to blame, its name in {@code param}.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String param;

    public ApiException(HttpStatus status, String code, String param, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
        this.param = param;
    }

    public static ApiException notFound(String resource, String id) {
        return new ApiException(HttpStatus.NOT_FOUND, "resource_missing", "id", "No such " + resource + ": '" + id + "'");
    }

    public static ApiException invalid(String param, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "parameter_invalid", param, detail);
    }

    public static ApiException conflict(String code, String param, String detail) {
        return new ApiException(HttpStatus.CONFLICT, code, param, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }
}
