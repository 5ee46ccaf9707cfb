package io.vigil.server.store;

import java.util.Locale;

/** The x-axis of a downsampled series: the step, or the wall-clock timestamp (epoch ms). */
public enum XAxis {
  STEP, TIME;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code step} or {@code time}; null otherwise. */
  public static XAxis fromWire(String s) {
    if (s == null) return null;
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "step" -> STEP;
      case "time", "timestamp" -> TIME;
      default -> null;
    };
  }
}
