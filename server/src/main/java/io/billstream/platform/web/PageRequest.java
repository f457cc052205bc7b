package io.billstream.platform.web;

/**
 * One page of a list: at most {@code limit} items after {@code after} (exclusive), newest first.
 *
 * @param after the position decoded from the caller's cursor, or null for the first page
 */
public record PageRequest(int limit, String after) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public static PageRequest of(Integer limit, String cursor) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiException.invalid("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        return new PageRequest(size, cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor));
    }

    /** Queries ask for one row more than the page holds, to learn whether another page follows. */
    public int fetchSize() {
        return limit + 1;
    }
}
