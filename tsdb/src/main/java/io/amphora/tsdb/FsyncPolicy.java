package io.amphora.tsdb;

/**
 * When a commit's WAL write reaches stable storage.
 *
 * <ul>
 *   <li>{@link #ALWAYS}: every commit is fsynced before it is acknowledged (RocksDB groups concurrent commits into
 *       one fsync). An acknowledged sample survives a process crash and a power loss. The default.</li>
 *   <li>{@link #INTERVAL}: commits are written to the operating system before they are acknowledged and fsynced
 *       in the background at a fixed interval. An acknowledged sample survives a process crash ({@code kill -9});
 *       a power loss or kernel crash can lose up to one interval of acknowledged samples. Much higher throughput
 *       on disks with slow fsync.</li>
 * </ul>
 */
public enum FsyncPolicy {
    ALWAYS,
    INTERVAL
}
