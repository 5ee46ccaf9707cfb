package io.vigil.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, Duration.ofMinutes(1));

  @Test
  void baseDelay_doublesPerAttempt_upToTheCap() {
    assertThat(policy.baseDelayNanos(1)).isEqualTo(100_000_000L);
    assertThat(policy.baseDelayNanos(2)).isEqualTo(200_000_000L);
    assertThat(policy.baseDelayNanos(4)).isEqualTo(800_000_000L);
    assertThat(policy.baseDelayNanos(5)).isEqualTo(1_600_000_000L);
    assertThat(policy.baseDelayNanos(6)).isEqualTo(2_000_000_000L);
    assertThat(policy.baseDelayNanos(60)).isEqualTo(2_000_000_000L);
  }

  @Test
  void jitter_staysBetweenHalfAndFullBase() {
    assertThat(policy.delayNanos(3, 0.0, -1)).isEqualTo(200_000_000L);
    assertThat(policy.delayNanos(3, 0.5, -1)).isEqualTo(300_000_000L);
    assertThat(policy.delayNanos(3, 0.999999, -1)).isBetween(399_000_000L, 400_000_000L);
  }

  @Test
  void retryAfter_winsWhenLongerThanTheBackOff() {
    assertThat(policy.delayNanos(1, 0.5, 3_000_000_000L)).isEqualTo(3_000_000_000L);
    assertThat(policy.delayNanos(1, 0.5, 1_000_000L)).isEqualTo(75_000_000L);
  }

  @Test
  void parseRetryAfter_readsSecondsAndHttpDates() {
    assertThat(RetryPolicy.parseRetryAfterNanos("2", 0)).isEqualTo(2_000_000_000L);
    assertThat(RetryPolicy.parseRetryAfterNanos(" 0 ", 0)).isZero();
    long now = 1_445_412_480_000L; // Wed, 21 Oct 2015 07:28:00 GMT
    assertThat(RetryPolicy.parseRetryAfterNanos("Wed, 21 Oct 2015 07:28:05 GMT", now)).isEqualTo(5_000_000_000L);
    assertThat(RetryPolicy.parseRetryAfterNanos("Wed, 21 Oct 2015 07:27:00 GMT", now)).isZero();
    assertThat(RetryPolicy.parseRetryAfterNanos(null, 0)).isEqualTo(-1);
    assertThat(RetryPolicy.parseRetryAfterNanos("soon", 0)).isEqualTo(-1);
    assertThat(RetryPolicy.parseRetryAfterNanos("-3", 0)).isEqualTo(-1);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ZERO, 0.5, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
