package io.amphora.tsdb;

import io.amphora.model.TenantId;

import java.time.Duration;

/**
 * The per-tenant limits the storage engine enforces, looked up when an appender is created (so a reloaded
 * override applies to the next push). The ingester binds it to the workspace overrides.
 */
public interface TenantLimits {
    /** Series a tenant may hold; creating one more is refused ({@code per-user series limit of N exceeded}). */
    int maxSeriesPerUser(TenantId tenant);

    /** Series per metric name a tenant may hold. */
    int maxSeriesPerMetric(TenantId tenant);

    /** How far behind the tenant's newest sample an older one is still accepted; zero refuses them. */
    Duration outOfOrderWindow(TenantId tenant);

    /** The same limits for every tenant. */
    static TenantLimits of(int maxSeriesPerUser, int maxSeriesPerMetric, Duration outOfOrderWindow) {
        return new TenantLimits() {
            @Override
            public int maxSeriesPerUser(TenantId tenant) {
                return maxSeriesPerUser;
            }

            @Override
            public int maxSeriesPerMetric(TenantId tenant) {
                return maxSeriesPerMetric;
            }

            @Override
            public Duration outOfOrderWindow(TenantId tenant) {
                return outOfOrderWindow;
            }
        };
    }

    /** No series limits and no out-of-order window. */
    static TenantLimits unlimited() {
        return of(Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ZERO);
    }
}
