package io.amphora.controlplane;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageTokensTest {
    private static final byte[] KEY = new byte[32];
    private static final byte[] OTHER_KEY = new byte[32];

    static {
        OTHER_KEY[0] = 1;
    }

    private final PageTokens tokens = new PageTokens(KEY);

    @Test
    void opensTheTokensItIssuesForTheSameScope() {
        String token = tokens.issue(List.of("ListWorkspaces", "=prod"), List.of("1735689600000", "ws-a"));

        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(tokens.open(token, List.of("ListWorkspaces", "=prod"))).containsExactly("1735689600000", "ws-a");
        assertThat(new PageTokens(KEY.clone()).open(token, List.of("ListWorkspaces", "=prod")))
                .as("another instance with the same key").containsExactly("1735689600000", "ws-a");
    }

    @Test
    void refusesTokensForAnotherScopeSignedWithAnotherKeyOrAltered() {
        String token = tokens.issue(List.of("ListWorkspaces", ""), List.of("1", "ws-a"));
        String forged = new PageTokens(OTHER_KEY).issue(List.of("ListWorkspaces", ""), List.of("1", "ws-z"));
        String payloadSwapped = forged.substring(0, forged.indexOf('.')) + token.substring(token.indexOf('.'));

        assertThatThrownBy(() -> tokens.open(token, List.of("ListWorkspaces", "=x")))
                .hasMessageContaining("issued for a request with other parameters");
        for (String bad : List.of(forged, payloadSwapped, token + "x", "no-dot", "!!!.!!!", "")) {
            assertThatThrownBy(() -> tokens.open(bad, List.of("ListWorkspaces", "")))
                    .isInstanceOf(ControlPlaneException.class)
                    .hasMessage("Invalid nextToken: it was not issued by this service or was altered");
        }
    }

    @Test
    void needsAKeyOfThirtyTwoBytes() {
        assertThatThrownBy(() -> new PageTokens(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
