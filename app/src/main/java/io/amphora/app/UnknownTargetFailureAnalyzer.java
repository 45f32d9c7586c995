package io.amphora.app;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link UnknownTargetException}, however deep Spring wrapped it while importing configurations, into
 * Boot's short "APPLICATION FAILED TO START" report instead of a stack trace. Registered in
 * {@code META-INF/spring.factories}.
 */
public final class UnknownTargetFailureAnalyzer extends AbstractFailureAnalyzer<UnknownTargetException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnknownTargetException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set --" + Targets.PROPERTY + " to one or more of these, separated by commas: "
                        + Targets.validIds() + ". The default, " + Targets.DEFAULT
                        + ", runs every component in one process.",
                cause);
    }
}
