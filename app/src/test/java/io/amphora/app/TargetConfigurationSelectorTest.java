package io.amphora.app;

import io.amphora.app.workspaces.WorkspaceDataConfiguration;
import io.amphora.app.workspaces.WorkspaceDirectoryConfiguration;
import io.amphora.controlplane.wiring.ControlPlaneConfiguration;
import io.amphora.gateway.wiring.GatewayConfiguration;

import java.util.Map;

import io.amphora.distributor.wiring.DistributorConfiguration;
import io.amphora.ingester.wiring.IngesterConfiguration;
import io.amphora.querier.wiring.QuerierConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.AnnotationMetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetConfigurationSelectorTest {
    private static final AnnotationMetadata IMPORTING = AnnotationMetadata.introspect(AmphoraApplication.class);

    @Test
    void importsEveryComponentWhenNoTargetIsGiven() {
        assertThat(selectorFor(Map.of()).selectImports(IMPORTING)).containsExactly(IngesterConfiguration.class.getName(),
                DistributorConfiguration.class.getName(), QuerierConfiguration.class.getName(),
                ControlPlaneConfiguration.class.getName(), WorkspaceDataConfiguration.class.getName(),
                GatewayConfiguration.class.getName(), WorkspaceDirectoryConfiguration.class.getName());
    }

    @Test
    void importsTheConfigurationsOfTheNamedTargetsAndTheirDependencies() {
        assertThat(selectorFor(Map.of("amphora.target", "ingester")).selectImports(IMPORTING))
                .containsExactly(IngesterConfiguration.class.getName());
        assertThat(selectorFor(Map.of("amphora.target", "all,ingester")).selectImports(IMPORTING))
                .containsExactly(IngesterConfiguration.class.getName(),
                DistributorConfiguration.class.getName(), QuerierConfiguration.class.getName(),
                ControlPlaneConfiguration.class.getName(), WorkspaceDataConfiguration.class.getName(),
                GatewayConfiguration.class.getName(), WorkspaceDirectoryConfiguration.class.getName());
        assertThat(selectorFor(Map.of("amphora.target", "control-plane")).selectImports(IMPORTING))
                .containsExactly(DistributorConfiguration.class.getName(), ControlPlaneConfiguration.class.getName(),
                        WorkspaceDataConfiguration.class.getName());
        assertThat(selectorFor(Map.of("amphora.target", "querier")).selectImports(IMPORTING))
                .containsExactly(QuerierConfiguration.class.getName());
        assertThat(selectorFor(Map.of("amphora.target", "distributor")).selectImports(IMPORTING))
                .containsExactly(DistributorConfiguration.class.getName());
    }

    @Test
    void readsTheTargetFromTheEnvironmentVariableToo() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("AMPHORA_TARGET", "nonsense")));

        assertThatThrownBy(() -> new TargetConfigurationSelector(environment).selectImports(IMPORTING))
                .isInstanceOf(UnknownTargetException.class)
                .hasMessageContaining("unknown target 'nonsense'");
    }

    private static TargetConfigurationSelector selectorFor(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return new TargetConfigurationSelector(environment);
    }
}
