package io.vigil.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vigil.model.ErrorCode;
import io.vigil.model.VigilException;
import io.vigil.server.store.AuditStore.Entry;
import io.vigil.server.store.AuditStore.Query;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit log: appended in batches, searched newest first with filters and keyset pages, pruned. */
public abstract class AuditContract extends StoreContract {
  protected AuditStore audit;

  @BeforeEach
  void openAudit() {
    audit = stores.audit();
  }

  static Entry entry(long at, String user, String path, String target) {
    return new Entry(0, at, user, "POST", path, 200, "10.0.0.1", target);
  }

  @Test
  void appendedEntries_comeBackNewestFirst_withEveryField() {
    audit.append(List.of(entry(1000, "alice", "/a", "run_id=r1"), entry(2000, "bob", "/b", null)));
    audit.append(List.of(new Entry(0, 3000, "anonymous", "DELETE", "/c", 401, "::1", null)));
    List<Entry> all = audit.search(new Query(null, null, null, 10, null)).items();
    assertThat(all).extracting(Entry::path).containsExactly("/c", "/b", "/a");
    Entry c = all.get(0);
    assertThat(c.id()).isPositive().isGreaterThan(all.get(1).id());
    assertThat(c).isEqualTo(new Entry(c.id(), 3000, "anonymous", "DELETE", "/c", 401, "::1", null));
    assertThat(all.get(2).target()).isEqualTo("run_id=r1");
    assertThat(all.get(2).clientIp()).isEqualTo("10.0.0.1");
  }

  @Test
  void filters_byUserAndTime_andPages_withoutDuplicates() {
    List<Entry> batch = new ArrayList<>();
    for (int i = 0; i < 7; i++) batch.add(entry(1000 + i, i % 2 == 0 ? "alice" : "bob", "/p" + i, null));
    audit.append(batch);
    assertThat(audit.search(new Query("alice", null, null, 10, null)).items()).extracting(Entry::path)
        .containsExactly("/p6", "/p4", "/p2", "/p0");
    assertThat(audit.search(new Query(null, 1002L, 1005L, 10, null)).items()).extracting(Entry::path)
        .containsExactly("/p4", "/p3", "/p2");
    List<String> paged = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Page<Entry> page = audit.search(new Query(null, null, null, 3, token));
      page.items().forEach(e -> paged.add(e.path()));
      token = page.nextPageToken();
      pages++;
    } while (token != null);
    assertThat(paged).containsExactly("/p6", "/p5", "/p4", "/p3", "/p2", "/p1", "/p0");
    assertThat(pages).isEqualTo(3);
    VigilException bad = catchThrowableOfType(() -> audit.search(new Query(null, null, null, 3, "bogus")),
        VigilException.class);
    assertThat(bad.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void deleteBefore_removesOnlyOlderEntries() {
    audit.append(List.of(entry(1000, "a", "/old", null), entry(2000, "a", "/edge", null), entry(3000, "a", "/new", null)));
    assertThat(audit.deleteBefore(2000)).isEqualTo(1);
    assertThat(audit.search(new Query(null, null, null, 10, null)).items()).extracting(Entry::path)
        .containsExactly("/new", "/edge");
    assertThat(audit.deleteBefore(0)).isZero();
  }
}
