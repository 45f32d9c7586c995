package io.amphora.ring;

/** Where each ring lives in the {@link io.amphora.ring.kv.KvStore}. */
public final class RingKeys {
    /** The ring distributors shard series over and ingesters join. */
    public static final String INGESTER = "ring/ingester";

    private RingKeys() {}
}
