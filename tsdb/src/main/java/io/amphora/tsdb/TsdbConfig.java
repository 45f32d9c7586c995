package io.amphora.tsdb;

import io.amphora.tsdb.head.HeadOptions;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * Settings of an ingester's storage engine.
 *
 * @param dir the RocksDB directory
 * @param fsyncPolicy when commits are fsynced
 * @param headOptions chunking, out-of-order window and active-series window of every tenant's head
 */
public record TsdbConfig(Path dir, FsyncPolicy fsyncPolicy, HeadOptions headOptions) {
    public TsdbConfig {
        requireNonNull(dir, "dir is null");
        requireNonNull(fsyncPolicy, "fsyncPolicy is null");
        requireNonNull(headOptions, "headOptions is null");
    }

    public static TsdbConfig defaults(Path dir) {
        return new TsdbConfig(dir, FsyncPolicy.ALWAYS, HeadOptions.defaults());
    }
}
