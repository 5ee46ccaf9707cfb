package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Metric;
import io.vigil.model.Param;
import io.vigil.model.RunTag;
import io.vigil.model.VigilException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The streaming log-batch reader against the tree reading it replaces: whatever body the stream accepts,
 * the tree reads to the same lists; whatever body the tree rejects, the stream gives up on (so the tree,
 * with its messages, decides). Bodies: hand-picked edge cases and random mutations of a valid one.
 */
class LogBatchBodyTest {
  private static final String RUN = "0123456789abcdef0123456789abcdef";
  private static final String VALID = "{\"run_id\":\"" + RUN + "\",\"metrics\":["
      + "{\"key\":\"loss\",\"value\":0.25,\"timestamp\":1700000000000,\"step\":3},"
      + "{\"key\":\"acc\",\"value\":-1.5e-3,\"timestamp\":-1,\"step\":-9223372036854775808},"
      + "{\"key\":\"n\",\"value\":\"NaN\",\"timestamp\":9223372036854775807},"
      + "{\"key\":\"i\",\"value\":\"-Infinity\",\"timestamp\":0,\"step\":0},"
      + "{\"key\":\"big\",\"value\":12345678901234567,\"timestamp\":1}],"
      + "\"params\":[{\"key\":\"lr\",\"value\":\"0.1\"},{\"key\":\"empty\"}],"
      + "\"tags\":[{\"key\":\"t\",\"value\":\"\\u00e9\\n\"}]}";

  /** The tree reading of the handler before the stream (the fallback), as plain lists. */
  private record TreeBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    static TreeBatch read(byte[] body) {
      JsonRequest r = JsonRequest.parse(body);
      String runId = r.requiredStringOf("run_id", "run_uuid");
      List<Metric> metrics = new ArrayList<>();
      for (JsonRequest m : r.objectList("metrics")) {
        Long step = m.optionalInt64("step");
        metrics.add(new Metric(m.requiredString("key"), m.requiredDouble("value"), m.requiredInt64("timestamp"),
            step == null ? 0 : step));
      }
      List<Param> params = new ArrayList<>();
      for (JsonRequest p : r.objectList("params")) params.add(new Param(p.requiredString("key"), orEmpty(p.optionalString("value"))));
      List<RunTag> tags = new ArrayList<>();
      for (JsonRequest t : r.objectList("tags")) tags.add(new RunTag(t.requiredString("key"), orEmpty(t.optionalString("value"))));
      return new TreeBatch(runId, metrics, params, tags);
    }

    private static String orEmpty(String s) {
      return s == null ? "" : s;
    }
  }

  /** Asserts the stream agrees with the tree on {@code body}; true when the stream read it. */
  private static boolean agrees(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    LogBatchBody stream = LogBatchBody.readPlain(bytes);
    TreeBatch tree;
    try {
      tree = TreeBatch.read(bytes);
    } catch (VigilException rejected) {
      assertThat(stream).as("stream must give up on a body the tree rejects (%s): %s", rejected.getMessage(), body).isNull();
      return false;
    }
    if (stream == null) return false; // the tree reads it, as the handler does when the stream gives up
    assertThat(new TreeBatch(stream.runId(), stream.metrics(), stream.params(), stream.tags()))
        .as("stream vs tree for %s", body).isEqualTo(tree);
    return true;
  }

  @Test
  void plainBodyIsReadToTheSameListsAsTheTree() {
    assertThat(agrees(VALID)).isTrue();
    LogBatchBody b = LogBatchBody.readPlain(VALID.getBytes(StandardCharsets.UTF_8));
    assertThat(b.runId()).isEqualTo(RUN);
    assertThat(b.metrics()).hasSize(5).first().isEqualTo(new Metric("loss", 0.25, 1_700_000_000_000L, 3));
    assertThat(b.metrics().get(2).value()).isNaN();
    assertThat(b.metrics().get(2).step()).isZero();
    assertThat(b.params()).containsExactly(new Param("lr", "0.1"), new Param("empty", ""));
    assertThat(b.tags()).containsExactly(new RunTag("t", "é\n"));
  }

  @Test
  void shapesTheTreeAcceptsImplicitlyAreReadTheSame() {
    List<String> read = List.of(
        // run_id after the lists; run_uuid alone; an empty run_id falls back to run_uuid
        "{\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":2}],\"run_id\":\"" + RUN + "\"}",
        "{\"run_uuid\":\"" + RUN + "\",\"tags\":[]}",
        "{\"run_id\":\"\",\"run_uuid\":\"" + RUN + "\"}",
        // field order inside entries, whitespace and newlines everywhere
        " \n\t{ \"run_id\" : \"" + RUN + "\" ,\r\n \"metrics\" : [ { \"step\" : 7 , \"timestamp\" : 2 , \"value\" : 1 , \"key\" : \"m\" } ] } \n",
        // the largest lists within the per-list limits
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[" + repeat("{\"key\":\"m\",\"value\":1,\"timestamp\":2}", 1000) + "]}",
        "{\"run_id\":\"" + RUN + "\",\"params\":[" + numbered("{\"key\":\"p%d\",\"value\":\"v\"}", 100) + "],\"tags\":["
            + numbered("{\"key\":\"t%d\"}", 100) + "]}");
    for (String body : read) assertThat(agrees(body)).as("read as a stream: %s", body).isTrue();
  }

  @Test
  void everythingElseIsLeftToTheTree() {
    String m = "{\"key\":\"m\",\"value\":1,\"timestamp\":2}";
    List<String> notPlain = List.of(
        "", "  ", "[]", "[{\"run_id\":\"" + RUN + "\"}]", "null", "42", "\"x\"",
        "{\"run_id\":\"" + RUN + "\"} {}", "{\"run_id\":\"" + RUN + "\"}]", "{\"run_id\":\"" + RUN + "\"",
        "{\"run_id\":\"" + RUN + "\",\"run_id\":\"" + RUN + "\"}", // duplicate key: invalid JSON for the tree too
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"key\":\"n\",\"value\":1,\"timestamp\":2}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":2,\"x\":" + "[".repeat(70) + "]".repeat(70) + "}]}",
        "{}", "{\"run_id\":\"\"}", "{\"run_id\":5}", "{\"run_id\":null,\"run_uuid\":\"" + RUN + "\"}",
        "{\"run_id\":\"" + RUN + "\",\"experiment_id\":\"1\"}", // unknown top-level field: the audit log may name it
        // unknown fields in entries (the tree ignores them; their duplicates would go unseen by the stream)
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"x\":{\"a\":[1,{\"b\":null}],\"c\":\"d\"},\"value\":1,\"timestamp\":2,\"y\":[[]]}]}",
        "{\"run_id\":\"" + RUN + "\",\"params\":[{\"key\":\"p\",\"value\":\"v\",\"z\":{}}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":2,\"x\":1,\"x\":2}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":2,\"x\":{\"a\":1,\"a\":1}}]}",
        // duplicates of known fields: invalid JSON for the tree, which the stream no longer detects itself
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":2,\"timestamp\":2}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"value\":2,\"timestamp\":2}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":2,\"step\":1,\"step\":1}]}",
        "{\"run_id\":\"" + RUN + "\",\"params\":[{\"key\":\"p\",\"value\":\"v\",\"value\":\"w\"}]}",
        "{\"run_id\":\"" + RUN + "\",\"tags\":[{\"key\":\"t\",\"key\":\"t\"}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[],\"metrics\":[]}",
        "{\"run_uuid\":\"" + RUN + "\",\"run_id\":\"\",\"run_uuid\":\"" + RUN + "\"}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":null}", "{\"run_id\":\"" + RUN + "\",\"metrics\":{}}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[" + m + ",42]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[" + m + ",null]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"value\":1,\"timestamp\":2}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"timestamp\":2}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":1}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":5,\"value\":1,\"timestamp\":2}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":1e309,\"timestamp\":2}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":-1e309,\"timestamp\":2}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":1" + "0".repeat(400) + ",\"timestamp\":2}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":\"nan\",\"timestamp\":2}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":\"0.5\",\"timestamp\":\"2\",\"step\":\"3\"}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":true,\"timestamp\":2}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":null,\"timestamp\":2}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":2.5}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":2.0}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":2,\"step\":1.5}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":2,\"step\":9223372036854775808}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":-9223372036854775809}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":2,\"step\":null}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[{\"key\":\"m\",\"value\":NaN,\"timestamp\":2}]}",
        "{\"run_id\":\"" + RUN + "\",\"metrics\":[" + repeat(m, 1001) + "]}",
        "{\"run_id\":\"" + RUN + "\",\"params\":[" + numbered("{\"key\":\"p%d\"}", 101) + "]}",
        "{\"run_id\":\"" + RUN + "\",\"tags\":[" + numbered("{\"key\":\"t%d\"}", 101) + "]}",
        "{\"run_id\":\"" + RUN + "\",\"params\":[{\"value\":\"v\"}]}",
        "{\"run_id\":\"" + RUN + "\",\"params\":[{\"key\":\"p\",\"value\":5}]}",
        "{\"run_id\":\"" + RUN + "\",\"tags\":[{\"key\":\"t\",\"value\":null}]}",
        "{\"run_id\":\"" + RUN + "\",\"tags\":\"t\"}");
    for (String body : notPlain) {
      agrees(body);
      assertThat(LogBatchBody.readPlain(body.getBytes(StandardCharsets.UTF_8))).as("left to the tree: %.200s", body).isNull();
    }
  }

  @Test
  void randomMutationsOfAValidBodyNeverDisagreeWithTheTree() {
    String[] pieces = {"", " ", "\"", "{", "}", "[", "]", ",", ":", "null", "1", "-0", "1.5", "1e309", "\"NaN\"", "\"2\"",
        "9223372036854775808", "\"key\"", "\"value\"", "\"step\"", "\"timestamp\"", "\"run_id\"", "\"metrics\"", "\\u0000",
        "\"key\":\"k\",", "\"value\":1,", "\"step\":2,", "\"timestamp\":3,", "\"x\":{},"};
    SplittableRandom rnd = new SplittableRandom(20261129);
    int readByStream = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder(VALID);
      int edits = 1 + rnd.nextInt(3);
      for (int e = 0; e < edits; e++) {
        int at = rnd.nextInt(sb.length() + 1);
        int cut = rnd.nextInt(3) == 0 ? Math.min(rnd.nextInt(1, 6), sb.length() - at) : 0;
        sb.replace(at, at + cut, pieces[rnd.nextInt(pieces.length)]);
      }
      if (agrees(sb.toString())) readByStream++;
    }
    assertThat(readByStream).as("mutations still read by the stream").isPositive();
  }

  private static String repeat(String element, int n) {
    return String.join(",", java.util.Collections.nCopies(n, element));
  }

  private static String numbered(String template, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(template.formatted(i));
    return String.join(",", out);
  }
}
