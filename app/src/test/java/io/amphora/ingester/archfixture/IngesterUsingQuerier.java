package io.amphora.ingester.archfixture;

import io.amphora.querier.archfixture.QuerierPart;

/** Breaks a layering rule on purpose, for {@code io.amphora.app.ArchitectureTest}: one component using another. */
public record IngesterUsingQuerier(QuerierPart querier) {}
