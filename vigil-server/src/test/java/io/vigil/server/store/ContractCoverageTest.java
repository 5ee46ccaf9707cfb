package io.vigil.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every store contract is run against every backend: none can silently miss one. */
class ContractCoverageTest {
  /** All contracts; a new one must be added here and nested in every backend's test class. */
  static final List<Class<? extends StoreContract>> CONTRACTS = List.of(
      ExperimentsContract.class, RunsContract.class, MetricHistoryContract.class, SearchRunsContract.class,
      SeriesContract.class, RegistryContract.class, MonitorContract.class, UsersContract.class,
      PermissionsContract.class, AuditContract.class);

  /** The backends' test classes. */
  static final List<Class<?>> BACKENDS = List.of(SqliteStoreTest.class, PostgresStoreIT.class);

  @Test
  void everyBackendNestsEveryContract() {
    for (Class<?> backend : BACKENDS) {
      Set<Class<?>> nested = Arrays.stream(backend.getDeclaredClasses())
          .map(Class::getSuperclass)
          .collect(Collectors.toSet());
      assertThat(nested).as("contracts nested in %s", backend.getSimpleName()).containsAll(CONTRACTS);
    }
  }

  @Test
  void everyContractInThisPackageIsListed() throws Exception {
    // Contracts are the abstract StoreContract subclasses of this package, found from the compiled classes.
    var dir = java.nio.file.Path.of(StoreContract.class.getResource("StoreContract.class").toURI()).getParent();
    try (var files = java.nio.file.Files.list(dir)) {
      List<String> found = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith("Contract.class") && !n.equals("StoreContract.class"))
          .map(n -> n.replace(".class", ""))
          .sorted().toList();
      assertThat(found).containsExactlyInAnyOrderElementsOf(CONTRACTS.stream().map(Class::getSimpleName).toList());
    }
  }
}
