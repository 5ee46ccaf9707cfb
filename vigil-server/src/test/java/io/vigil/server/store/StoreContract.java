package io.vigil.server.store;

import io.vigil.model.Run;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of every store contract: each test gets a fresh, migrated store from the backend under test.
 * Backends list the contracts as {@code @Nested} subclasses (see {@link ContractCoverageTest}).
 */
public abstract class StoreContract {
  protected StoreSet stores;
  protected TrackingStore store;

  /** The stores of a new, empty, migrated database of the backend under test. */
  protected abstract StoreSet newStores() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    stores = newStores();
    store = stores.tracking();
  }

  @AfterEach
  void closeStore() {
    if (store != null) store.close();
  }

  protected String newExperiment(String name) {
    return store.createExperiment(name, null, List.of());
  }

  protected Run newRun(String experimentId, String name, long startTime) {
    return store.createRun(new NewRun(experimentId, "tester", startTime, name, List.of()));
  }
}
