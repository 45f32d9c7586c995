package io.amphora.app.lifecycle;

import java.util.List;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;

import static java.util.Objects.requireNonNull;

/**
 * Ready once Spring Boot has finished starting the application, after its ready listeners ran (the startup
 * log line among them), and until it starts closing: {@code /ready} turns 200 only when startup is complete.
 */
public final class ApplicationReadinessCheck implements ReadinessCheck {
    private final ApplicationAvailability availability;

    public ApplicationReadinessCheck(ApplicationAvailability availability) {
        this.availability = requireNonNull(availability, "availability is null");
    }

    @Override
    public List<String> notReady() {
        ReadinessState state = availability.getReadinessState();
        return state == ReadinessState.ACCEPTING_TRAFFIC
                ? List.of()
                : List.of("Application is not accepting traffic: " + state);
    }
}
