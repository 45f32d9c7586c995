package io.amphora.distributor.remotewrite;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated remote-write protobuf classes stay inside this package (STYLE.md rule 13): everything else in the
 * distributor works on {@link WriteBatch} and its records.
 */
class RemoteWriteBoundaryTest {
    static final ArchRule WIRE_CLASSES_STAY_IN_REMOTEWRITE = noClasses()
            .that().resideInAPackage("io.amphora.distributor..")
            .and().resideOutsideOfPackage("io.amphora.distributor.remotewrite")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.amphora.proto.prometheus..", "io.amphora.proto.remotewrite..")
            .because("only the decoder translates remote-write protobuf into the model");

    @Test
    void remoteWriteProtobufClassesAreUsedOnlyByTheDecoder() {
        JavaClasses production = new ClassFileImporter()
                // test classes in any build directory, including the target-<suffix> ones of parallel builds
                .withImportOption(location -> !location.contains("/test-classes/"))
                .importPackages("io.amphora.distributor");

        assertThat(production.contain(RemoteWriteDecoder.class)).isTrue();
        WIRE_CLASSES_STAY_IN_REMOTEWRITE.check(production);
    }

    @Test
    void theRuleCatchesAClassOutsideThePackageUsingTheWire() {
        JavaClasses fixture = new ClassFileImporter().importClasses(
                io.amphora.distributor.remotewrite.boundaryfixture.LeakingWireType.class);

        assertThat(WIRE_CLASSES_STAY_IN_REMOTEWRITE.evaluate(fixture).hasViolation()).isTrue();
    }
}
