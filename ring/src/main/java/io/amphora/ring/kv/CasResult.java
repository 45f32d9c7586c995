package io.amphora.ring.kv;

/**
 * The outcome of {@link KvStore#cas} or {@link KvStore#delete}.
 *
 * @param applied whether the write took effect
 * @param version when applied, the version the write produced; otherwise the key's current version ({@code 0} when
 *         it is absent), so a caller that only needs to know what it lost against can retry without another read
 */
public record CasResult(boolean applied, long version) {
    public CasResult {
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative: " + version);
        }
        if (applied && version == 0) {
            throw new IllegalArgumentException("an applied write produces a positive version");
        }
    }

    public static CasResult applied(long version) {
        return new CasResult(true, version);
    }

    public static CasResult conflict(long currentVersion) {
        return new CasResult(false, currentVersion);
    }
}
