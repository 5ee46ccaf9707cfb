package io.vigil.server.store;

import org.junit.jupiter.api.Nested;

/** Every store contract on the embedded SQLite backend. */
class SqliteStoreTest {

  @Nested
  class Experiments extends ExperimentsContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.sqlite();
    }
  }

  @Nested
  class Runs extends RunsContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.sqlite();
    }
  }

  @Nested
  class MetricHistory extends MetricHistoryContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.sqlite();
    }
  }

  @Nested
  class SearchRuns extends SearchRunsContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.sqlite();
    }
  }

  @Nested
  class Series extends SeriesContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.sqlite();
    }
  }

  @Nested
  class Registry extends RegistryContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.sqlite();
    }
  }

  @Nested
  class Monitors extends MonitorContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.sqlite();
    }
  }

  @Nested
  class Users extends UsersContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.sqlite();
    }
  }

  @Nested
  class Permissions extends PermissionsContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.sqlite();
    }
  }

  @Nested
  class Audit extends AuditContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.sqlite();
    }
  }
}
