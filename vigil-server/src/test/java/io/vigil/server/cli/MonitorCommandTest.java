package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.server.store.MonitorStore.WindowValue;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorCommandTest {
  static final long T0 = 1_767_225_600_000L;
  @TempDir Path dir;
  VigilServer server;

  @BeforeEach
  void start() {
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("cli.db").toAbsolutePath(),
        dir.resolve("artifacts").toAbsolutePath().toString()), Clock.fixed(Instant.ofEpochMilli(T0 + 7_200_000L), ZoneOffset.UTC)).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void applyYaml_thenIngestCsvPredictionsAndNdjsonOutcomes() {
    Path yaml = Cli.write(dir, "churn.yaml", """
        model: churn
        task: binary
        window: 1h
        metrics: [accuracy, f1]
        positive_label: 1
        features:
          age: numeric
          city: categorical
        alerts:
          - name: accuracy-low
            metric: accuracy
            op: below
            threshold: 0.8
            for: 2
        """);
    Cli.Result r = Cli.run("monitor", "apply", yaml.toString(), "--tracking-uri", server.url());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.json().at("/definition/alerts/0/for").asInt()).isEqualTo(2);

    StringBuilder csv = new StringBuilder("id,timestamp,model_version,prediction,score,age,city\n");
    for (int i = 0; i < 25; i++) csv.append("p").append(i).append(',').append(T0 + i).append(",4,").append(i % 2).append(",0.7,")
        .append(30 + i).append(",Oslo\n");
    Path preds = Cli.write(dir, "preds.csv", csv.toString());
    StringBuilder nd = new StringBuilder();
    for (int i = 0; i < 25; i++) nd.append("{\"id\":\"p").append(i).append("\",\"label\":").append(i < 20 ? i % 2 : 1 - i % 2).append("}\n");
    Path outs = Cli.write(dir, "outcomes.ndjson", nd.toString());

    r = Cli.run("monitor", "ingest", "--model", "churn", "--predictions", preds.toString(), "--outcomes", outs.toString(),
        "--batch-size", "10", "--tracking-uri", server.url());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("predictions: 25/25 events").contains("25 stored").contains("outcomes: 25/25");
    server.monitors().tick();
    List<WindowValue> acc = server.monitors().windows("churn", "accuracy", "", T0, T0 + 1);
    assertThat(acc).singleElement().extracting(WindowValue::value).isEqualTo(0.8);
  }

  @Test
  void ingest_withBatchesInFlight_stopsAtTheFirstBadBatch_namingIt_andKeepsTheBatchesBefore() {
    Path yaml = Cli.write(dir, "m.yaml", "model: churn\ntask: binary\npositive_label: 1\n");
    assertThat(Cli.run("monitor", "apply", yaml.toString(), "--tracking-uri", server.url()).exit()).isZero();
    StringBuilder csv = new StringBuilder("id,timestamp,model_version,prediction\n");
    for (int i = 0; i < 100; i++) {
      // Event 53 has a timestamp the server cannot read: the batch 50..59 is refused whole.
      csv.append("e").append(i).append(',').append(i == 53 ? "yesterday" : String.valueOf(T0 + i)).append(",1,1\n");
    }
    Path preds = Cli.write(dir, "bad-preds.csv", csv.toString());
    Cli.Result r = Cli.run("monitor", "ingest", "--model", "churn", "--predictions", preds.toString(),
        "--batch-size", "10", "--concurrency", "4", "--tracking-uri", server.url());
    // The progress bar comes first on stderr; the error is the one line after it.
    assertThat(r.exit()).isEqualTo(2);
    String[] lines = r.err().strip().split("\n");
    assertThat(lines[lines.length - 1]).startsWith("vigil: ").contains("batch of events 50..59").contains("[3].timestamp").contains("events before 50 are stored");
    server.monitors().tick();
    List<WindowValue> count = server.monitors().windows("churn", "prediction_count", "", T0, T0 + 1);
    // Batches after the bad one may have been in flight, but none of the bad batch is stored.
    assertThat(count).singleElement().satisfies(w -> assertThat(w.value()).isBetween(50.0, 90.0));

    // Loading the fixed file again stores the rest; the batches already stored count as duplicates.
    Path fixed = Cli.write(dir, "fixed.csv", csv.toString().replace("yesterday", String.valueOf(T0 + 53)));
    r = Cli.run("monitor", "ingest", "--model", "churn", "--predictions", fixed.toString(), "--batch-size", "10",
        "--tracking-uri", server.url());
    assertThat(r.exit()).as(r.err()).isZero();
    server.monitors().tick();
    assertThat(server.monitors().windows("churn", "prediction_count", "", T0, T0 + 1)).singleElement()
        .extracting(WindowValue::value).isEqualTo(100.0);
    assertThat(Cli.run("monitor", "ingest", "--model", "churn", "--predictions", fixed.toString(), "--concurrency", "0",
        "--tracking-uri", server.url()).userError()).contains("--concurrency must be in 1..64");
  }

  @Test
  void applyYaml_withPerFeatureDriftTests_roundTrips() {
    Path yaml = Cli.write(dir, "drift.yaml", """
        model: churn
        task: binary
        positive_label: 1
        label_horizon: 7d
        features:
          age:
            type: numeric
            drift: {test: psi, threshold: 0.2}
          country:
            type: categorical
            drift:
              test: chi_square
              p_value: 0.01
          city: categorical
        """);
    Cli.Result r = Cli.run("monitor", "apply", yaml.toString(), "--tracking-uri", server.url());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.json().at("/definition/features/age/drift/test").asText()).isEqualTo("psi");
    assertThat(r.json().at("/definition/features/age/drift/threshold").asDouble()).isEqualTo(0.2);
    assertThat(r.json().at("/definition/features/country/drift/p_value").asDouble()).isEqualTo(0.01);
    assertThat(r.json().at("/definition/features/city").asText()).isEqualTo("categorical");
    assertThat(server.monitors().monitor("churn").featureDrift()).containsOnlyKeys("age", "country");
    assertThat(r.json().at("/definition/label_horizon").asText()).isEqualTo("7d");
    assertThat(server.monitors().monitor("churn").labelHorizonMs()).isEqualTo(7 * 86_400_000L);

    Path bad = Cli.write(dir, "bad.yaml", """
        model: churn
        task: binary
        positive_label: 1
        features:
          country: {type: categorical, drift: {test: wasserstein}}
        """);
    assertThat(Cli.run("monitor", "apply", bad.toString(), "--tracking-uri", server.url()).userError())
        .contains("features.country.drift.test");
  }

  @Test
  void alertsAndSilence_showStatesAndHistory_andSilenceARule() throws Exception {
    Cli.Result r = Cli.run("monitor", "apply", Cli.write(dir, "m.json", """
        {"task": "regression", "window": "1h",
         "alerts": [{"name": "mae-high", "metric": "mae", "op": "above", "threshold": 1.0},
                    {"name": "silent", "type": "no_data", "for": 3}]}
        """).toString(), "--model", "reg", "--tracking-uri", server.url());
    assertThat(r.exit()).as(r.err()).isZero();
    var m = new com.fasterxml.jackson.databind.ObjectMapper();
    server.monitors().ingestPredictions("reg", List.of(m.readTree("{\"id\":\"a\",\"timestamp\":" + T0
        + ",\"model_version\":\"1\",\"prediction\":0}")));
    server.monitors().ingestOutcomes("reg", List.of(m.readTree("{\"id\":\"a\",\"value\":5}")));
    server.monitors().tick(); // window 0 closed (the clock is at T0 + 2h): mae 5 fires; window 1 is empty

    r = Cli.run("monitor", "alerts", "--model", "reg", "--tracking-uri", server.url());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("mae-high +firing +1 +mae above 1.0 for 1")
        .containsPattern("silent +pending +1 +no data for 3")
        .contains("History (newest first):")
        .containsPattern("mae-high +firing +window 2026-01-01T00:00:00Z +value 5.0 +notification none");

    r = Cli.run("monitor", "silence", "--model", "reg", "--rule", "mae-high", "--for", "2h", "--tracking-uri", server.url());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.json().get("silenced_until").asLong()).isEqualTo(T0 + 4 * 3_600_000L);
    assertThat(r.err()).contains("silenced until 2026-01-01T04:00:00Z");

    r = Cli.run("monitor", "alerts", "--model", "reg", "--json", "--tracking-uri", server.url());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.json().at("/alerts/0/silenced_until").asLong()).isEqualTo(T0 + 4 * 3_600_000L);
    assertThat(r.json().at("/alerts/0/state").asText()).isEqualTo("firing");
    assertThat(r.json().get("history")).extracting(e -> e.get("alert").asText() + ":" + e.get("state").asText())
        .containsExactlyInAnyOrder("mae-high:firing", "silent:pending");

    r = Cli.run("monitor", "silence", "--model", "reg", "--rule", "nope", "--for", "2h", "--tracking-uri", server.url());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("HTTP 404").contains("no alert rule 'nope'");
    r = Cli.run("monitor", "silence", "--model", "reg", "--rule", "mae-high", "--for", "soon", "--tracking-uri", server.url());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("HTTP 400").contains("duration");
  }

  @Test
  void ingest_badEventNamesTheBatchAndField() {
    Cli.Result r = Cli.run("monitor", "apply", Cli.write(dir, "m.json", "{\"task\":\"regression\"}").toString(),
        "--model", "reg", "--tracking-uri", server.url());
    assertThat(r.exit()).as(r.err()).isZero();
    Path nd = Cli.write(dir, "p.ndjson", "{\"id\":\"a\",\"timestamp\":1,\"model_version\":\"1\",\"prediction\":2}\n"
        + "{\"id\":\"b\",\"timestamp\":\"later\",\"model_version\":\"1\",\"prediction\":2}\n");
    r = Cli.run("monitor", "ingest", "--model", "reg", "--predictions", nd.toString(), "--tracking-uri", server.url());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("[1].timestamp").contains("HTTP 400");
  }
}
