package io.billstream.platform.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.billstream.support.ApiResponse;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class PaginationIntegrationTest extends IntegrationTest {

    @Test
    void pages_neither_skip_nor_repeat_rows_while_rows_are_inserted_between_pages() {
        var tenant = newTenant();
        Set<String> existing = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            existing.add(createCustomer(tenant.adminKey(), "{\"name\":\"c" + i + "\"}").field("id"));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiResponse page = api.get("/v1/customers?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), tenant.adminKey());
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.field("object")).isEqualTo("list");
            for (JsonNode customer : page.json().get("data")) {
                seen.add(customer.get("id").asString());
            }
            cursor = page.json().get("has_more").asBoolean() ? page.field("next_cursor") : null;
            // Someone creates customers while we page.
            createCustomer(tenant.adminKey(), "{\"name\":\"inserted during paging " + pages + "\"}");
            pages++;
        } while (cursor != null);

        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsExactlyInAnyOrderElementsOf(existing);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void lists_are_newest_first_and_the_last_page_says_so() {
        var tenant = newTenant();
        String older = createCustomer(tenant.adminKey(), "{\"name\":\"older\"}").field("id");
        String newer = createCustomer(tenant.adminKey(), "{\"name\":\"newer\"}").field("id");

        ApiResponse page = api.get("/v1/customers?limit=2", tenant.adminKey());

        assertThat(page.json().get("data").get(0).get("id").asString()).isEqualTo(newer);
        assertThat(page.json().get("data").get(1).get("id").asString()).isEqualTo(older);
        assertThat(page.json().get("has_more").asBoolean()).isFalse();
        assertThat(page.json().get("next_cursor").isNull()).isTrue();
    }

    @Test
    void default_limit_is_20() {
        var tenant = newTenant();
        for (int i = 0; i < 21; i++) {
            createCustomer(tenant.adminKey(), "{}");
        }

        ApiResponse page = api.get("/v1/customers", tenant.adminKey());

        assertThat(page.json().get("data")).hasSize(20);
        assertThat(page.json().get("has_more").asBoolean()).isTrue();
    }

    @Test
    void limit_out_of_range_and_foreign_cursors_are_400() {
        var tenant = newTenant();

        for (String query : List.of("limit=0", "limit=101", "limit=abc", "cursor=!!!")) {
            ApiResponse response = api.get("/v1/customers?" + query, tenant.adminKey());
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.field("param")).as(query).isIn("limit", "cursor");
        }
    }
}
