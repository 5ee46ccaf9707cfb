package io.vigil.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class MetricRingTest {

  @Test
  void capacity_isRoundedUpToAPowerOfTwo() {
    assertThat(new MetricRing(1000).capacity).isEqualTo(1024);
    assertThat(new MetricRing(1024).capacity).isEqualTo(1024);
    assertThat(new MetricRing(3).capacity).isEqualTo(4);
  }

  @Test
  void offer_failsWhenFull_andSucceedsAgainAfterRelease() {
    MetricRing ring = new MetricRing(4);
    for (int i = 0; i < 4; i++) assertThat(ring.offer(0, 0, i, i, i)).isEqualTo(i);
    assertThat(ring.offer(0, 0, 9, 9, 9)).isEqualTo(-1);
    ring.release(2);
    assertThat(ring.offer(0, 0, 4, 4, 4)).isEqualTo(4);
    assertThat(ring.offer(0, 0, 5, 5, 5)).isEqualTo(5);
    assertThat(ring.offer(0, 0, 6, 6, 6)).isEqualTo(-1);
  }

  @Test
  void pointsComeOutInClaimOrder_acrossWrapAround() {
    MetricRing ring = new MetricRing(8);
    long next = 0;
    List<Double> seen = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      for (int i = 0; i < 5; i++) ring.offer(1, 2, round * 5 + i, round * 5 + i, 7);
      for (; next < ring.head(); next++) {
        assertThat(ring.isPublished(next)).isTrue();
        assertThat(ring.step(next)).isEqualTo((long) ring.value(next));
        seen.add(ring.value(next));
      }
      ring.release(next);
    }
    assertThat(seen).hasSize(50);
    for (int i = 0; i < 50; i++) assertThat(seen.get(i)).isEqualTo((double) i);
  }

  @Test
  void concurrentProducers_everyPointOnce_eachProducersOrderKept() throws Exception {
    MetricRing ring = new MetricRing(256);
    int producers = 4;
    int perProducer = 20_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int id = p;
      Thread t = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perProducer; i++) {
          while (ring.offer(id, id, i, i, 0) < 0) Thread.onSpinWait();
        }
      });
      t.start();
      threads.add(t);
    }
    start.countDown();
    long[] nextStep = new long[producers];
    long seq = 0;
    long total = (long) producers * perProducer;
    while (seq < total) {
      if (seq < ring.head()) {
        ring.awaitPublished(seq);
        int p = ring.run(seq);
        assertThat(ring.step(seq)).isEqualTo(nextStep[p]);
        nextStep[p]++;
        seq++;
        if (seq % 64 == 0) ring.release(seq);
      } else {
        Thread.onSpinWait();
      }
    }
    for (Thread t : threads) t.join();
    for (long n : nextStep) assertThat(n).isEqualTo(perProducer);
  }
}
