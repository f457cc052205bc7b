package io.billstream.platform.tenancy;

import java.io.IOException;

import io.billstream.platform.auth.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Once Spring Security has authenticated the caller, scopes the rest of the request to its tenant. */
@Component
@Order(0) // after Spring Security's filter chain (-100)
class TenantContextFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = Caller.current().orElse(null);
        if (caller == null) {
            chain.doFilter(request, response);
            return;
        }
        try (TenantContext.Scope ignored = TenantContext.enter(caller.tenantId())) {
            chain.doFilter(request, response);
        }
    }
}
