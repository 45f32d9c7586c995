/**
 * The Prometheus HTTP API v1 over the {@link io.amphora.querier.Querier}: request parameters in, streamed JSON out,
 * through the {@code prometheus-api} codec. Plain Java; the Spring MVC adapter in {@code wiring} only moves bytes.
 */
package io.amphora.querier.api;
