package io.billstream.platform.web;

import java.util.List;
import java.util.function.Function;

import tools.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import tools.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** The list envelope every list endpoint returns. */
@JacksonXmlRootElement(localName = "list")
public record ListPage<T>(
        String object,
        @JacksonXmlElementWrapper(localName = "data") @JacksonXmlProperty(localName = "item") List<T> data,
        boolean hasMore,
        String nextCursor) {

    /**
     * @param rows     up to {@link PageRequest#fetchSize()} rows in list order
     * @param position the value a cursor after a row must carry to resume after it
     */
    public static <R, T> ListPage<T> of(List<R> rows, PageRequest page, Function<R, String> position, Function<R, T> view) {
        boolean more = rows.size() > page.limit();
        List<R> shown = more ? rows.subList(0, page.limit()) : rows;
        String next = more ? Cursor.encode(position.apply(shown.getLast())) : null;
        return new ListPage<>("list", shown.stream().map(view).toList(), more, next);
    }
}
