package io.amphora.tsdb;

import io.amphora.model.TenantId;
import io.amphora.storage.Appendable;
import io.amphora.storage.Appender;
import io.amphora.storage.Querier;
import io.amphora.storage.Queryable;
import io.amphora.storage.QueryableContractTest;
import io.amphora.testing.TestingClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

/** The storage-seam contract, run against one tenant of a RocksDB-backed {@link Tsdb} on disk. */
class TsdbTenantContractTest extends QueryableContractTest<TsdbTenantContractTest.TenantView> {
    @TempDir
    Path dir;

    @Override
    protected TenantView createQueryable() {
        Tsdb tsdb = Tsdb.open(TsdbConfig.defaults(dir), new TestingClock(Instant.ofEpochMilli(baseTimestamp())), new SimpleMeterRegistry());
        return new TenantView(tsdb, TenantId.of("contract"));
    }

    /** A tenant of a Tsdb seen through the seam's interfaces. */
    record TenantView(Tsdb tsdb, TenantId tenant) implements Queryable, Appendable, AutoCloseable {
        @Override
        public Querier querier(long mint, long maxt) {
            return tsdb.querier(tenant, mint, maxt);
        }

        @Override
        public Appender appender() {
            return tsdb.appender(tenant);
        }

        @Override
        public void close() {
            tsdb.close();
        }
    }
}
