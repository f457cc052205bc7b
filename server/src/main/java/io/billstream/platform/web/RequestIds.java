package io.billstream.platform.web;

import org.slf4j.MDC;

/** The ID of the request being served, also in every log line as {@code request_id}. */
public final class RequestIds {

    public static final String MDC_KEY = "request_id";
    public static final String HEADER = "Request-Id";

    private RequestIds() {
    }

    public static String current() {
        return MDC.get(MDC_KEY);
    }
}
