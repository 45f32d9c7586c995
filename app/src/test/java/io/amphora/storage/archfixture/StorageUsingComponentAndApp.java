package io.amphora.storage.archfixture;

import io.amphora.app.Targets;
import io.amphora.ingester.archfixture.IngesterUsingQuerier;

/**
 * Breaks layering rules on purpose, for {@code io.amphora.app.ArchitectureTest}: a library that depends on a
 * component and on the app.
 */
public record StorageUsingComponentAndApp(IngesterUsingQuerier ingester, Targets.Target target) {}
