package io.amphora.app.kv;

import io.amphora.ring.kv.InMemoryKvStore;
import io.amphora.ring.kv.KvStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cluster-state store every component shares (ring membership, HA-tracker elections). The single process keeps
 * it in memory: the ring is rebuilt as components join at start-up, and HA elections start afresh after a restart
 * (the first replica to write is elected again). The distributed deployment will bind a Kafka-backed store here.
 */
@Configuration(proxyBeanMethods = false)
public class KvConfiguration {
    @Bean
    KvStore kvStore() {
        return new InMemoryKvStore();
    }
}
