package io.amphora.ring;

/**
 * Where an instance is in its life in the ring. Only {@link #ACTIVE} instances take writes; a replica set that meets
 * a {@link #JOINING} or {@link #LEAVING} instance is extended by one so the series still reaches enough owners.
 */
public enum InstanceState {
    /** Owns its tokens and takes writes. */
    ACTIVE,
    /** Registered, not yet taking writes (e.g. still replaying its write-ahead state). */
    JOINING,
    /** Shutting down and handing its data off; takes no new writes. */
    LEAVING
}
