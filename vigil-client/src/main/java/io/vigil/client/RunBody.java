package io.vigil.client;

/**
 * The body of {@link VigilClient#withRun(String, String, RunBody)}: code that uses a run and may
 * throw {@code E}.
 */
@FunctionalInterface
public interface RunBody<E extends Exception> {
  void accept(ActiveRun run) throws E;
}
