package io.amphora.gateway.sigv4;

import io.amphora.gateway.RequestHeaders;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CanonicalRequestTest {
    static Stream<Arguments> paths() {
        return Stream.of(
                arguments(Named.of("plain path", "/workspaces/ws-1/api/v1/query"), "/workspaces/ws-1/api/v1/query"),
                arguments(Named.of("empty path", ""), "/"),
                arguments(Named.of("root", "/"), "/"),
                arguments(Named.of("space arrives encoded and is encoded again", "/a%20b"), "/a%2520b"),
                arguments(Named.of("encoded slash stays one segment", "/tags/arn%3Aaws%2Fws-1"), "/tags/arn%253Aaws%252Fws-1"),
                arguments(Named.of("UTF-8 escapes", "/%C3%A9"), "/%25C3%25A9"),
                arguments(Named.of("reserved characters sent bare", "/a(b)*c!"), "/a%28b%29%2Ac%21"),
                arguments(Named.of("unreserved characters stay bare", "/A-Z_a.z~0"), "/A-Z_a.z~0"),
                arguments(Named.of("dot segments", "/a/./b/../c"), "/a/c"),
                arguments(Named.of("trailing dot keeps no slash", "/a/b/."), "/a/b"),
                arguments(Named.of("trailing dot-dot keeps no slash", "/a/b/.."), "/a"),
                arguments(Named.of("trailing slash kept", "/a/b/"), "/a/b/"),
                arguments(Named.of("repeated slashes collapse", "/a//b///c"), "/a/b/c"),
                arguments(Named.of("dot-dot above the root stays", "/../a"), "/../a"),
                arguments(Named.of("non-ASCII sent raw is UTF-8 encoded", "/€"), "/%E2%82%AC"));
    }

    @ParameterizedTest
    @MethodSource("paths")
    void canonicalisesPathsAsTheAwsSdksDo(String rawPath, String canonical) {
        assertThat(CanonicalRequest.canonicalUri(rawPath)).isEqualTo(canonical);
    }

    static Stream<Arguments> queries() {
        return Stream.of(
                arguments(Named.of("no query", ""), ""),
                arguments(Named.of("sorted by name", "b=2&a=1&c=3"), "a=1&b=2&c=3"),
                arguments(Named.of("repeated names sorted by value", "m=z&m=a&m="), "m=&m=a&m=z"),
                arguments(Named.of("name without value", "flag&a=1"), "a=1&flag="),
                arguments(Named.of("empty name left out", "=x&a=1"), "a=1"),
                arguments(Named.of("empty components ignored", "&&a=1&"), "a=1"),
                arguments(Named.of("plus is a space", "q=a+b"), "q=a%20b"),
                arguments(Named.of("encoded plus stays a plus", "q=a%2Bb"), "q=a%2Bb"),
                arguments(Named.of("lower-case escapes become upper-case", "q=%7ba%7d"), "q=%7Ba%7D"),
                arguments(Named.of("bare reserved characters encoded", "q=up{a=\"b\"}"), "q=up%7Ba%3D%22b%22%7D"),
                arguments(Named.of("encoded unreserved characters decoded", "q=%41%2D%7E"), "q=A-~"),
                arguments(Named.of("a lone percent is literal", "q=100%"), "q=100%25"),
                arguments(Named.of("slash in a value", "q=a/b"), "q=a%2Fb"),
                arguments(Named.of("sorting is by encoded name", "a%5B%5D=1&a=2&A=3"), "A=3&a=2&a%5B%5D=1"));
    }

    @ParameterizedTest
    @MethodSource("queries")
    void canonicalisesQueriesAsTheAwsSdksDo(String rawQuery, String canonical) {
        assertThat(CanonicalRequest.canonicalQuery(rawQuery, Set.of())).isEqualTo(canonical);
    }

    @Test
    void leavesOutExcludedParameters() {
        assertThat(CanonicalRequest.canonicalQuery("X-Amz-Signature=abc&X-Amz-Date=1&a=2", Set.of("X-Amz-Signature")))
                .isEqualTo("X-Amz-Date=1&a=2");
    }

    @Test
    void trimsAndCollapsesHeaderValuesAndJoinsRepeatedHeaders() {
        RequestHeaders headers = RequestHeaders.builder()
                .add("Host", "  example.com ")
                .add("X-Multi", "a")
                .add("x-multi", "  b   c \t d ")
                .add("X-Empty", "")
                .build();

        assertThat(CanonicalRequest.canonicalHeaders(List.of("host", "x-empty", "x-missing", "x-multi"), headers))
                .isEqualTo("host:example.com\nx-empty:\nx-missing:\nx-multi:a,b c d\n");
    }
}
