package io.amphora.querier.archfixture;

/** A class of another component, for {@code io.amphora.app.ArchitectureTest}. */
public record QuerierPart(String name) {}
