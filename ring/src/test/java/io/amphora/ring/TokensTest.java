package io.amphora.ring;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokensTest {
    @Test
    void generatesDistinctAscendingTokens() {
        int[] tokens = Tokens.generate(512, new int[0], new Random(1));

        assertThat(tokens).hasSize(512).isSorted();
        assertThat(Arrays.stream(tokens).distinct().count()).isEqualTo(512);
    }

    @Test
    void avoidsTakenTokens() {
        // A Random that keeps offering the taken tokens first proves they are skipped, not just unlikely.
        int[] taken = {10, 20, 30};
        Random scripted = new Random() {
            private final int[] script = {10, 20, 30, 10, 40, 20, 50};
            private int next;

            @Override
            public int nextInt() {
                return next < script.length ? script[next++] : 1000 + next++;
            }
        };

        assertThat(Tokens.generate(3, taken, scripted)).containsExactly(40, 50, 1007);
    }

    @Test
    void isReproducibleWithTheSameSeed() {
        assertThat(Tokens.generate(64, new int[0], new Random(7))).isEqualTo(Tokens.generate(64, new int[0], new Random(7)));
    }

    @Test
    void rejectsANegativeCount() {
        assertThatThrownBy(() -> Tokens.generate(-1, new int[0], new Random())).isInstanceOf(IllegalArgumentException.class);
    }
}
