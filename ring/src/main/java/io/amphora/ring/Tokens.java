package io.amphora.ring;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** Token generation for instances joining a ring. */
public final class Tokens {
    private Tokens() {}

    /**
     * {@code count} random tokens, strictly ascending, none of them in {@code taken}. With uniformly random tokens each
     * of {@code n} instances with {@code t} tokens owns about {@code 1/n} of the ring, with a relative standard
     * deviation of about {@code 1/sqrt(t)}: roughly nine per cent for the default of 128 tokens.
     */
    public static int[] generate(int count, int[] taken, Random random) {
        requireNonNull(taken, "taken is null");
        requireNonNull(random, "random is null");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        Set<Integer> used = new HashSet<>(Math.max(16, (taken.length + count) * 2));
        for (int token : taken) {
            used.add(token);
        }
        int[] tokens = new int[count];
        int n = 0;
        while (n < count) {
            int candidate = random.nextInt();
            if (used.add(candidate)) {
                tokens[n++] = candidate;
            }
        }
        Arrays.sort(tokens);
        return tokens;
    }
}
