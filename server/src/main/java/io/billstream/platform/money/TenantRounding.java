package io.billstream.platform.money;

import java.math.RoundingMode;

import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.tenancy.TenantContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How the current tenant rounds an amount to the currency's minor unit: {@code half_up} unless it
 * chose {@code half_even} or {@code half_down}. Invoice lines, taxes and prorations all round with
 * it, once each. Kept on the tenant rather than in invoicing's settings because subscriptions round
 * prorations too. Read on every call, never cached, so a change applies to the next amount rounded.
 */
@Component
public class TenantRounding {

    private final JdbcClient jdbc;

    TenantRounding(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The current tenant's rounding mode. */
    public RoundingMode current() {
        String name = jdbc.sql("SELECT rounding_mode FROM tenants WHERE id = :tenant")
                .param("tenant", TenantContext.require()).query(String.class).single();
        return parse(name, "rounding_mode");
    }

    /** Sets the current tenant's rounding mode; the caller audits the change with its own resource. */
    public void change(RoundingMode mode) {
        String name = apiName(mode);
        jdbc.sql("UPDATE tenants SET rounding_mode = :mode WHERE id = :tenant")
                .param("mode", name).param("tenant", TenantContext.require()).update();
    }

    /**
     * @throws InvalidValueException naming {@code field} unless {@code name} is half_up, half_even or half_down
     */
    public static RoundingMode parse(String name, String field) {
        if (name != null) {
            switch (name) {
                case "half_up" -> {
                    return RoundingMode.HALF_UP;
                }
                case "half_even" -> {
                    return RoundingMode.HALF_EVEN;
                }
                case "half_down" -> {
                    return RoundingMode.HALF_DOWN;
                }
                default -> {
                }
            }
        }
        throw new InvalidValueException(field, field + " must be 'half_up', 'half_even' or 'half_down'; '" + name + "' is not");
    }

    /** The API's name for a mode a tenant may choose. */
    public static String apiName(RoundingMode mode) {
        return switch (mode) {
            case HALF_UP -> "half_up";
            case HALF_EVEN -> "half_even";
            case HALF_DOWN -> "half_down";
            default -> throw new IllegalArgumentException(mode + " is not a rounding mode a tenant can choose");
        };
    }
}
