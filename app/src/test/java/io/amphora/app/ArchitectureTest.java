package io.amphora.app;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.amphora.ingester.archfixture.IngesterUsingQuerier;
import io.amphora.ingester.grpc.archfixture.IngesterGrpcAdapter;
import io.amphora.ingester.wiring.archfixture.WiringOpeningChannel;
import io.amphora.ingester.wiring.archfixture.WiringPublishingService;
import io.amphora.model.archfixture.ModelUsingSpring;
import io.amphora.querier.archfixture.QuerierPart;
import io.amphora.storage.archfixture.StorageUsingComponentAndApp;
import io.amphora.tsdb.archfixture.TsdbUsingGrpc;
import io.grpc.BindableService;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of the whole codebase (STYLE.md rules 2 and 3), checked over the production classes of every
 * Amphora module on this module's classpath: app depends on every library and component, so all are here.
 *
 * <p>Decision on gRPC in wiring: a component's {@code wiring} package may name {@link BindableService} (the
 * type under which it publishes its {@code grpc} adapter as a bean) and nothing else of {@code io.grpc};
 * servers, channels, stubs, status codes and interceptors stay in {@code ..grpc..} packages.
 */
class ArchitectureTest {
    private static final List<String> COMPONENTS = List.of(
            "distributor", "ingester", "querier", "queryfrontend", "compactor", "ruler", "alertmanager", "controlplane",
            "gateway");
    private static final List<String> LIBRARIES = List.of("model", "storage", "promql", "tsdb", "objstore", "ring");

    static final ArchRule SPRING_ONLY_IN_WIRING_AND_APP = noClasses()
            .that().resideInAPackage("io.amphora..")
            .and().resideOutsideOfPackages("..wiring..", "io.amphora.app..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("core logic is framework-free: Spring lives in each component's wiring package and in app");

    static final ArchRule GRPC_ONLY_IN_PROTO_ADAPTERS_AND_WIRING = noClasses()
            .that().resideInAPackage("io.amphora..")
            .and().resideOutsideOfPackages("io.amphora.proto..", "..grpc..", "..wiring..")
            .should().dependOnClassesThat().resideInAPackage("io.grpc..")
            .because("gRPC stays in proto and in the thin adapters of ..grpc.. packages");

    static final ArchRule WIRING_USES_GRPC_ONLY_TO_PUBLISH_SERVICES = noClasses()
            .that().resideInAPackage("io.amphora..wiring..")
            .should().dependOnClassesThat(resideInAPackage("io.grpc..")
                    .and(DescribedPredicate.not(equivalentTo(BindableService.class))))
            .because("wiring only publishes a grpc adapter as a BindableService; the rest of gRPC is the adapter's");

    static final ArchRule COMPONENTS_DO_NOT_DEPEND_ON_EACH_OTHER = slices()
            .assignedFrom(new ComponentSlices())
            .should().notDependOnEachOther()
            .because("components meet only in proto (the wire) and in app (the wiring)");

    static final ArchRule LIBRARIES_DO_NOT_DEPEND_ON_COMPONENTS_OR_APP = noClasses()
            .that().resideInAnyPackage(packages(LIBRARIES))
            .should().dependOnClassesThat().resideInAnyPackage(
                    concat(packages(COMPONENTS), "io.amphora.app.."))
            .because("libraries sit below components, and nothing depends on the executable");

    static final ArchRule NOTHING_DEPENDS_ON_APP = noClasses()
            .that().resideInAPackage("io.amphora..")
            .and().resideOutsideOfPackage("io.amphora.app..")
            .should().dependOnClassesThat().resideInAPackage("io.amphora.app..")
            .because("app is the top of the graph: it wires everything and nothing uses it");

    private static final List<ArchRule> RULES = List.of(
            SPRING_ONLY_IN_WIRING_AND_APP,
            GRPC_ONLY_IN_PROTO_ADAPTERS_AND_WIRING,
            WIRING_USES_GRPC_ONLY_TO_PUBLISH_SERVICES,
            COMPONENTS_DO_NOT_DEPEND_ON_EACH_OTHER,
            LIBRARIES_DO_NOT_DEPEND_ON_COMPONENTS_OR_APP,
            NOTHING_DEPENDS_ON_APP);

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            // test classes in any build directory, including the target-<suffix> ones of parallel builds
            .withImportOption(location -> !location.contains("/test-classes/"))
            .importPackages("io.amphora");

    @Test
    void importsTheProductionClassesOfTheModulesAndNoTestClasses() {
        Set<String> packages = PRODUCTION.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());

        assertThat(PRODUCTION.size()).isPositive();
        assertThat(packages).contains("io.amphora.app", "io.amphora.app.grpc", "io.amphora.model", "io.amphora.storage",
                        "io.amphora.tsdb", "io.amphora.ingester", "io.amphora.ingester.wiring")
                .anySatisfy(name -> assertThat(name).startsWith("io.amphora.proto."));
        assertThat(PRODUCTION.contain(ArchitectureTest.class)).isFalse();
        assertThat(PRODUCTION.contain(ModelUsingSpring.class)).isFalse();
    }

    @Test
    void productionClassesFollowTheLayering() {
        RULES.forEach(rule -> rule.check(PRODUCTION));
    }

    @Test
    void rulesCatchViolationsAndSpareWhatTheyAllow() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(
                ModelUsingSpring.class, TsdbUsingGrpc.class, StorageUsingComponentAndApp.class,
                IngesterUsingQuerier.class, QuerierPart.class, IngesterGrpcAdapter.class,
                WiringPublishingService.class, WiringOpeningChannel.class);

        assertThat(violations(SPRING_ONLY_IN_WIRING_AND_APP, fixtures))
                .contains(ModelUsingSpring.class.getName())
                .doesNotContain(WiringPublishingService.class.getName());
        assertThat(violations(GRPC_ONLY_IN_PROTO_ADAPTERS_AND_WIRING, fixtures))
                .contains(TsdbUsingGrpc.class.getName())
                .doesNotContain(IngesterGrpcAdapter.class.getName(), WiringPublishingService.class.getName());
        assertThat(violations(WIRING_USES_GRPC_ONLY_TO_PUBLISH_SERVICES, fixtures))
                .contains(WiringOpeningChannel.class.getName())
                .doesNotContain(WiringPublishingService.class.getName());
        assertThat(violations(COMPONENTS_DO_NOT_DEPEND_ON_EACH_OTHER, fixtures))
                .contains(IngesterUsingQuerier.class.getName(), QuerierPart.class.getName());
        assertThat(violations(LIBRARIES_DO_NOT_DEPEND_ON_COMPONENTS_OR_APP, fixtures))
                .contains(StorageUsingComponentAndApp.class.getName(), IngesterUsingQuerier.class.getName())
                .contains(Targets.Target.class.getName());
        assertThat(violations(NOTHING_DEPENDS_ON_APP, fixtures))
                .contains(StorageUsingComponentAndApp.class.getName());
    }

    private static String violations(ArchRule rule, JavaClasses classes) {
        return String.join("\n", rule.evaluate(classes).getFailureReport().getDetails());
    }

    private static String[] packages(List<String> modules) {
        return modules.stream().map(module -> "io.amphora." + module + "..").toArray(String[]::new);
    }

    private static String[] concat(String[] packages, String more) {
        String[] all = Arrays.copyOf(packages, packages.length + 1);
        all[packages.length] = more;
        return all;
    }

    /** One slice per component module; library, proto and app classes belong to no slice. */
    private static final class ComponentSlices implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return COMPONENTS.stream()
                    .filter(component -> name.equals("io.amphora." + component)
                            || name.startsWith("io.amphora." + component + "."))
                    .findFirst()
                    .map(SliceIdentifier::of)
                    .orElse(SliceIdentifier.ignore());
        }

        @Override
        public String getDescription() {
            return "component modules";
        }
    }
}
