package io.vigil.model;

/** Soft-delete state of experiments and runs, spelled as MLflow stores it. */
public enum LifecycleStage {
  ACTIVE("active"),
  DELETED("deleted");

  private final String wire;

  LifecycleStage(String wire) { this.wire = wire; }

  public String wire() { return wire; }

  public static LifecycleStage fromWire(String s) {
    for (LifecycleStage l : values()) if (l.wire.equals(s)) return l;
    throw new IllegalArgumentException("unknown lifecycle stage " + s);
  }
}
