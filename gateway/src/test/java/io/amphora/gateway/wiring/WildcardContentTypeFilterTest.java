package io.amphora.gateway.wiring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WildcardContentTypeFilterTest {
    @Test
    void findsWildcardsInTypeOrSubtypeOnly() {
        assertThat(WildcardContentTypeFilter.hasWildcard("*/*")).isTrue();
        assertThat(WildcardContentTypeFilter.hasWildcard(" application/* ; charset=utf-8")).isTrue();
        assertThat(WildcardContentTypeFilter.hasWildcard("*")).isTrue();
        assertThat(WildcardContentTypeFilter.hasWildcard("application/x-protobuf;proto=prometheus.WriteRequest")).isFalse();
        assertThat(WildcardContentTypeFilter.hasWildcard("text/plain; note=\"*/*\"")).isFalse();
        assertThat(WildcardContentTypeFilter.hasWildcard("garbage")).isFalse();
    }
}
