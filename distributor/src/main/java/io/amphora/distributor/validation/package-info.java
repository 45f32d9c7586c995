/**
 * Per-series validation of incoming writes with Cortex's rules and messages:
 * {@link io.amphora.distributor.validation.SeriesValidator} turns an
 * {@link io.amphora.distributor.remotewrite.IncomingSeries} into storable {@link io.amphora.model.Labels} plus the
 * points that passed, or a rejection; every refusal carries an {@link io.amphora.model.ErrorCode} whose reason labels
 * the discard counters. Limits come from {@link io.amphora.distributor.validation.ValidationConfig}.
 */
package io.amphora.distributor.validation;
