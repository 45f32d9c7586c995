package io.amphora.app.lifecycle;

import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import static java.util.Objects.requireNonNull;

/**
 * The same verdict as {@code /ready}, as an actuator health contributor, so that {@code /health} and the
 * {@code /health/readiness} group agree with {@code /ready}: UP when ready, OUT_OF_SERVICE otherwise.
 */
public final class ReadinessHealthIndicator implements HealthIndicator {
    private final Readiness readiness;

    public ReadinessHealthIndicator(Readiness readiness) {
        this.readiness = requireNonNull(readiness, "readiness is null");
    }

    @Override
    public Health health() {
        List<String> problems = readiness.problems();
        return problems.isEmpty()
                ? Health.up().build()
                : Health.outOfService().withDetail("problems", problems).build();
    }
}
