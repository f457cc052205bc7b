package io.billstream.platform.tenancy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BootstrapTest {

    @Test
    void a_preset_key_must_look_like_an_api_key_and_be_long_enough() {
        for (String bad : new String[] {"pk_0123456789abcdefghijklmn", "sk_short", "sk_has spaces_0123456789abc", "sk_dash-0123456789abcdefgh"}) {
            assertThatThrownBy(() -> new Bootstrap(null, null, bad))
                    .as(bad).isInstanceOf(IllegalStateException.class).hasMessageContaining("BILLSTREAM_BOOTSTRAP_API_KEY");
        }
    }

    @Test
    void no_preset_key_or_a_well_formed_one_is_accepted() {
        assertThatCode(() -> new Bootstrap(null, null, "")).doesNotThrowAnyException();
        assertThatCode(() -> new Bootstrap(null, null, "sk_local_dev_key_0123456789")).doesNotThrowAnyException();
    }
}
