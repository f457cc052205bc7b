package io.billstream.customer.domain;

public enum CustomerStatus {
    ACTIVE, ARCHIVED;

    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
