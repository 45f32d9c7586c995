package io.amphora.app.lifecycle;

import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;

import static org.assertj.core.api.Assertions.assertThat;

class ApplicationReadinessCheckTest {
    @Test
    void readyOnlyWhileTheApplicationAcceptsTraffic() {
        ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
        ApplicationReadinessCheck check = new ApplicationReadinessCheck(availability);
        assertThat(check.notReady()).containsExactly("Application is not accepting traffic: REFUSING_TRAFFIC");

        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.ACCEPTING_TRAFFIC));
        assertThat(check.notReady()).isEmpty();

        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.REFUSING_TRAFFIC));
        assertThat(check.notReady()).containsExactly("Application is not accepting traffic: REFUSING_TRAFFIC");
    }
}
