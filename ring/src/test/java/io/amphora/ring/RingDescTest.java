package io.amphora.ring;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.amphora.ring.RingFixtures.NOW;
import static io.amphora.ring.RingFixtures.instance;
import static io.amphora.ring.RingFixtures.ring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RingDescTest {
    @Test
    void instanceTokensMustBeStrictlyAscending() {
        assertThatThrownBy(() -> instance("a", 5, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not strictly ascending");
        assertThatThrownBy(() -> instance("a", 3, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(instance("a", Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE).tokenCount()).isEqualTo(4);
    }

    @Test
    void instanceCopiesItsTokensInAndOut() {
        int[] tokens = {1, 2, 3};
        InstanceDesc instance = new InstanceDesc("a", "a:1", "", InstanceState.ACTIVE, tokens, NOW);
        tokens[0] = 100;
        instance.tokens()[1] = 100;

        assertThat(instance.tokens()).containsExactly(1, 2, 3);
    }

    @Test
    void instancesWithEqualContentAreEqual() {
        assertThat(instance("a", 1, 2)).isEqualTo(instance("a", 1, 2)).hasSameHashCodeAs(instance("a", 1, 2));
        assertThat(instance("a", 1, 2)).isNotEqualTo(instance("a", 1, 3));
        assertThat(instance("a", 1, 2)).isNotEqualTo(instance("a", 1, 2).withState(InstanceState.LEAVING));
        assertThat(instance("a", 1, 2)).isNotEqualTo(instance("a", 1, 2).withHeartbeat(NOW.plusSeconds(1)));
    }

    @Test
    void noTwoInstancesMayClaimTheSameToken() {
        assertThatThrownBy(() -> ring(instance("a", 1, 7), instance("b", 7, 9)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token 7 is claimed by more than one instance");
    }

    @Test
    void instancesAreFiledUnderTheirOwnId() {
        assertThatThrownBy(() -> new RingDesc(Map.of("b", instance("a", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instance a is filed under id b");
    }

    @Test
    void addsReplacesAndRemovesInstancesWithoutChangingTheOriginal() {
        RingDesc original = ring(instance("a", 1));

        RingDesc added = original.with(instance("b", 2));
        RingDesc replaced = added.with(instance("a", 3));
        RingDesc removed = replaced.without("b");

        assertThat(original.instances()).containsOnlyKeys("a");
        assertThat(added.instances()).containsOnlyKeys("a", "b");
        assertThat(replaced.instance("a").orElseThrow().tokens()).containsExactly(3);
        assertThat(removed.instances()).containsOnlyKeys("a");
        assertThat(removed.without("missing")).isSameAs(removed);
        assertThat(replaced.tokens()).containsExactly(2, 3);
    }
}
