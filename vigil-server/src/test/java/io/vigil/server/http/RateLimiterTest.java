package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final ManualClock clock = new ManualClock(1_000_000);

  @Test
  void aBurstPasses_thenTheWaitIsUntilTheNextToken() {
    RateLimiter limiter = new RateLimiter(2, 3, clock); // 2/s, bursts of 3
    for (int i = 0; i < 3; i++) assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(500);
    clock.advance(Duration.ofMillis(200));
    assertThat(limiter.acquire("a")).isEqualTo(300); // 0.4 tokens refilled: 0.6 to go at 2/s
    clock.advance(Duration.ofMillis(300));
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(500);
    // Another key has its own bucket.
    assertThat(limiter.acquire("b")).isZero();
  }

  @Test
  void refillNeverExceedsTheBurst() {
    RateLimiter limiter = new RateLimiter(10, 2, clock);
    limiter.acquire("a");
    clock.advance(Duration.ofHours(1));
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(100);
  }

  @Test
  void waitMillis_looksWithoutTaking() {
    RateLimiter limiter = new RateLimiter(1, 1, clock);
    assertThat(limiter.waitMillis("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.waitMillis("a")).isEqualTo(1000);
    assertThat(limiter.waitMillis("a")).isEqualTo(1000);
    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.waitMillis("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
  }

  @Test
  void retryAfter_isWholeSecondsRoundedUp() {
    assertThat(RateLimiter.retryAfterSeconds(1)).isEqualTo(1);
    assertThat(RateLimiter.retryAfterSeconds(1000)).isEqualTo(1);
    assertThat(RateLimiter.retryAfterSeconds(1001)).isEqualTo(2);
    assertThat(RateLimiter.retryAfterSeconds(59_500)).isEqualTo(60);
  }

  @Test
  void idleBuckets_areEvicted_andTheNumberOfBucketsIsBounded() {
    RateLimiter limiter = new RateLimiter(1, 2, clock, 100);
    for (int i = 0; i < 100; i++) limiter.acquire("k" + i);
    assertThat(limiter.size()).isEqualTo(100);
    // Past the cap new keys are not limited and hold no memory.
    for (int i = 0; i < 10; i++) assertThat(limiter.acquire("extra")).isZero();
    assertThat(limiter.size()).isEqualTo(100);
    // Two seconds refill every bucket: full buckets are dropped at the next sweep.
    clock.advance(Duration.ofSeconds(2));
    limiter.acquire("fresh");
    assertThat(limiter.size()).isEqualTo(1);
  }
}
