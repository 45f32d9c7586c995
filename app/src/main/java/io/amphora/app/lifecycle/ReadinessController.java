package io.amphora.app.lifecycle;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /ready}, as in Cortex and Mimir: 200 {@code ready} once startup is complete, every service is
 * RUNNING and the gRPC servers serve; otherwise 503 and the reasons, one per line. Load balancers and Kubernetes
 * readiness probes poll it.
 */
@RestController
public final class ReadinessController {
    private final Readiness readiness;

    public ReadinessController(Readiness readiness) {
        this.readiness = requireNonNull(readiness, "readiness is null");
    }

    @GetMapping(path = "/ready", produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> ready() {
        List<String> problems = readiness.problems();
        if (problems.isEmpty()) {
            return ResponseEntity.ok("ready");
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(String.join("\n", problems) + "\n");
    }
}
