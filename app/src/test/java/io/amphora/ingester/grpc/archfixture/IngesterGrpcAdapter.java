package io.amphora.ingester.grpc.archfixture;

import io.grpc.Status;

/** Allowed, for {@code io.amphora.app.ArchitectureTest}: a component's gRPC adapter package uses gRPC. */
public record IngesterGrpcAdapter(Status status) {}
