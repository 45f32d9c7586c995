package io.amphora.app.lifecycle;

import java.util.List;

/** One part of the process whose state decides whether the process is ready to take traffic. */
@FunctionalInterface
public interface ReadinessCheck {
    /**
     * Why this part is not ready, as human-readable lines for the {@code /ready} body; empty when it is ready.
     * Cheap and safe to call from any thread at any time, including while the part starts or stops.
     */
    List<String> notReady();
}
