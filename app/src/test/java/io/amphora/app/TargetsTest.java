package io.amphora.app;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.amphora.app.Targets.Target;
import org.junit.jupiter.api.Test;

import static io.amphora.app.Targets.Target.ALL;
import static io.amphora.app.Targets.Target.CONTROL_PLANE;
import static io.amphora.app.Targets.Target.GATEWAY;
import static io.amphora.app.Targets.Target.DISTRIBUTOR;
import static io.amphora.app.Targets.Target.QUERIER;
import static io.amphora.app.Targets.Target.INGESTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetsTest {
    @Test
    void parsesCommaSeparatedIdsIgnoringCaseAndBlanks() {
        assertThat(Targets.parse("all")).containsExactly(ALL);
        assertThat(Targets.parse(" Ingester , ALL ")).containsExactlyInAnyOrder(INGESTER, ALL);
        assertThat(Targets.parse("ingester,ingester")).containsExactly(INGESTER);
    }

    @Test
    void rejectsUnknownTargetListingTheValidOnes() {
        assertThatThrownBy(() -> Targets.parse("ingester,distributer"))
                .isInstanceOf(UnknownTargetException.class)
                .hasMessage("unknown target 'distributer' in amphora.target='ingester,distributer'; "
                        + "valid targets: all, control-plane, distributor, gateway, ingester, querier")
                .extracting(e -> ((UnknownTargetException) e).value())
                .isEqualTo("ingester,distributer");
    }

    @Test
    void rejectsEmptyTargetNames() {
        assertThatThrownBy(() -> Targets.parse("")).isInstanceOf(UnknownTargetException.class)
                .hasMessageStartingWith("empty target name in amphora.target=''");
        assertThatThrownBy(() -> Targets.parse("ingester,")).isInstanceOf(UnknownTargetException.class)
                .hasMessageContaining("valid targets: all, control-plane, distributor, gateway, ingester, querier");
    }

    @Test
    void allRunsEveryComponent() {
        Set<Target> components = EnumSet.complementOf(EnumSet.of(ALL));
        assertThat(Targets.withDependencies(Set.of(ALL))).containsAll(components);
    }

    @Test
    void dependenciesAreDeclaredBeforeTheTargetsThatNeedThem() {
        for (Target target : Target.values()) {
            assertThat(target.dependencies())
                    .allSatisfy(dependency -> assertThat(dependency.ordinal()).isLessThan(target.ordinal()));
        }
    }

    @Test
    void closureIteratesDependenciesFirst() {
        assertThat(List.copyOf(Targets.withDependencies(List.of(ALL)))).containsExactly(INGESTER, DISTRIBUTOR, QUERIER, CONTROL_PLANE, GATEWAY, ALL);
        assertThat(Targets.withDependencies(List.of(INGESTER))).containsExactly(INGESTER);
    }

    @Test
    void idsAreKebabCaseNames() {
        assertThat(INGESTER.id()).isEqualTo("ingester");
        assertThat(CONTROL_PLANE.id()).isEqualTo("control-plane");
        assertThat(Targets.validIds()).isEqualTo("all, control-plane, distributor, gateway, ingester, querier");
    }

    @Test
    void configurationsOfSelectedTargetsAreEachListedOnce() {
        List<Class<?>> all = Targets.configurations(Targets.withDependencies(Set.of(ALL)));
        List<Class<?>> expected = Targets.withDependencies(Set.of(ALL)).stream()
                .flatMap(target -> target.configurations().stream())
                .distinct()
                .toList();
        assertThat(all).isEqualTo(expected).doesNotHaveDuplicates();
        assertThat(Targets.configurations(Set.of())).isEmpty();
    }
}
