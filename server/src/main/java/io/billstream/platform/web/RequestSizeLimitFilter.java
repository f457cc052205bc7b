package io.billstream.platform.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the configured size with 413: at once when Content-Length says so,
 * and while reading when a chunked body grows past the limit. Also decodes {@code Content-Encoding:
 * gzip} bodies, counting the decompressed bytes against the limit so a small compressed body cannot
 * expand without bound. Usage batches get a larger limit than the rest of the API; event imports are
 * streamed to storage and have none.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private static final long UNLIMITED = Long.MAX_VALUE;

    private final long limitBytes;
    private final long batchLimitBytes;
    private final ProblemResponses problems;

    RequestSizeLimitFilter(ApiProperties properties, ProblemResponses problems) {
        this.limitBytes = properties.maxRequestBodySize().toBytes();
        this.batchLimitBytes = properties.maxBatchBodySize().toBytes();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(request);
        if (request.getContentLengthLong() > limit) {
            problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "request_too_large", null,
                    "The request body is larger than the limit of " + limit + " bytes");
            return;
        }
        String encoding = request.getHeader("Content-Encoding");
        boolean gzip = encoding != null && (encoding.equalsIgnoreCase("gzip") || encoding.equalsIgnoreCase("x-gzip"));
        if (encoding != null && !gzip && !encoding.equalsIgnoreCase("identity")) {
            problems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "content_encoding_unsupported",
                    "Content-Encoding", "Request bodies may be sent as gzip or uncompressed, not " + encoding);
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit, gzip), response);
    }

    private long limitFor(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path.startsWith("/v1/event-imports")) {
            return UNLIMITED;
        }
        return path.equals("/v1/events/batch") ? batchLimitBytes : limitBytes;
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limitBytes;
        private final boolean gzip;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limitBytes, boolean gzip) {
            super(request);
            this.limitBytes = limitBytes;
            this.gzip = gzip;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream raw = super.getInputStream();
                stream = new CountingInputStream(raw, gzip ? new GZIPInputStream(raw, 64 * 1024) : raw, limitBytes);
            }
            return stream;
        }

        @Override
        public String getHeader(String name) {
            // Downstream code sees the decoded body, so it must not see the encoding either.
            return gzip && "Content-Encoding".equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public long getContentLengthLong() {
            return gzip ? -1 : super.getContentLengthLong();
        }

        @Override
        public int getContentLength() {
            return gzip ? -1 : super.getContentLength();
        }
    }

    private static final class CountingInputStream extends ServletInputStream {

        private final ServletInputStream raw;
        private final InputStream delegate;
        private final long limitBytes;
        private long read;

        CountingInputStream(ServletInputStream raw, InputStream delegate, long limitBytes) {
            this.raw = raw;
            this.delegate = delegate;
            this.limitBytes = limitBytes;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws PayloadTooLargeException {
            read += n;
            if (read > limitBytes) {
                throw new PayloadTooLargeException(limitBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return raw.isFinished();
        }

        @Override
        public boolean isReady() {
            return raw.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            raw.setReadListener(listener);
        }
    }
}
