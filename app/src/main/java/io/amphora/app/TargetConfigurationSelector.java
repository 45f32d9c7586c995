package io.amphora.app;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

import static java.util.Objects.requireNonNull;

/**
 * Imports the configuration classes of the targets named by {@code amphora.target} and of their dependencies,
 * so that a process only creates the beans of the components it runs. Runs while Spring reads the
 * configuration classes, before any bean exists: an unknown target stops startup right there.
 */
public final class TargetConfigurationSelector implements ImportSelector {
    private final Environment environment;

    public TargetConfigurationSelector(Environment environment) {
        this.environment = requireNonNull(environment, "environment is null");
    }

    @Override
    public String[] selectImports(AnnotationMetadata importingClassMetadata) {
        String value = Binder.get(environment).bind(Targets.PROPERTY, String.class).orElse(Targets.DEFAULT);
        return Targets.configurations(Targets.withDependencies(Targets.parse(value))).stream()
                .map(Class::getName)
                .toArray(String[]::new);
    }
}
