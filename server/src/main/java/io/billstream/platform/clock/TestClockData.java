package io.billstream.platform.clock;

/**
 * A module's rows that belong to the customers of a test clock. Deleting a clock calls every
 * implementation in {@code @Order} (dependents first), inside the deleting transaction.
 */
public interface TestClockData {

    void deleteFor(String testClockId);
}
