package io.amphora.ring.ha;

/** What the distributor does with a request from one replica of an HA cluster. */
public enum Decision {
    /** The replica is (or has just become) the elected one: store its samples. */
    ACCEPT,
    /**
     * Another replica of the cluster is elected: drop the samples and answer 202, so the sender neither retries nor
     * treats it as an error (Cortex's behaviour).
     */
    REJECT_NOT_ELECTED,
    /**
     * The cluster is new and the tenant already has its limit of clusters: answer 400 with
     * {@link HaTracker#tooManyClustersMessage}.
     */
    REJECT_TOO_MANY_CLUSTERS
}
