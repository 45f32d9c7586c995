/**
 * Remote write on the wire: {@link io.amphora.distributor.remotewrite.RemoteWriteDecoder} turns a snappy-compressed
 * {@code prometheus.WriteRequest} (1.0) or {@code io.prometheus.write.v2.Request} (2.0) body into a
 * {@link io.amphora.distributor.remotewrite.WriteBatch} of records that keep everything as sent (label order,
 * duplicates, empty values, invalid UTF-8 marks), so that validation can judge it. The bodies are parsed field by
 * field ({@code WireInput}), not through the generated protobuf classes; the tests use those to build bodies and as
 * the reference the parsers must match, and nothing else in the distributor may use them (checked by
 * {@code RemoteWriteBoundaryTest}). Reference: shared/conformance/remote-write/WIRE.md.
 */
package io.amphora.distributor.remotewrite;
