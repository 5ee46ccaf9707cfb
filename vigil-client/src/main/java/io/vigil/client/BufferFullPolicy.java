package io.vigil.client;

/** What {@code logMetric} does when the client's bounded buffer is full. */
public enum BufferFullPolicy {
  /**
   * Wait up to {@link ClientConfig#blockTimeout()} for the sender to make room, then throw
   * {@link BufferFullException}. The default: nothing is lost silently.
   */
  BLOCK,
  /** Drop the point at once and count it in {@link VigilClient#droppedPoints()}. Explicit opt-in. */
  DROP
}
