package io.vigil.model;

/** Run statuses of MLflow's RunStatus enum. */
public enum RunStatus {
  RUNNING,
  SCHEDULED,
  FINISHED,
  FAILED,
  KILLED;

  public boolean isTerminal() {
    return this == FINISHED || this == FAILED || this == KILLED;
  }
}
