package io.amphora.tsdb.archfixture;

import io.grpc.Channel;

/** Breaks a layering rule on purpose, for {@code io.amphora.app.ArchitectureTest}: gRPC in core logic. */
public record TsdbUsingGrpc(Channel channel) {}
