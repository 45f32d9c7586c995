package io.amphora.model.archfixture;

import org.springframework.core.env.Environment;

/** Breaks a layering rule on purpose, for {@code io.amphora.app.ArchitectureTest}: Spring in a library. */
public record ModelUsingSpring(Environment environment) {}
