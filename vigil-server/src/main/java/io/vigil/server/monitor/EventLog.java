package io.vigil.server.monitor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.vigil.server.http.Json;
import io.vigil.server.store.MonitorStore.Outcome;
import io.vigil.server.store.MonitorStore.Prediction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The encoding of a batch of the event log: a JSON array with one compact array per event, so the
 * store needs no per-event rows and migrations can write it in SQL. A prediction is
 * {@code [id, ts, model_version, features, prediction, scores]} (features and scores embedded JSON or
 * null) followed by the outcome it joined when one was waiting for it (so the join survives the
 * deletion of the outcome's own, older batch); an outcome that joined {@code [id, outcome,
 * outcome_time]}, one that waits {@code [id, outcome, outcome_time, arrival_time]}.
 */
final class EventLog {
  private static final ObjectReader VALUE = Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private EventLog() {}

  /** A decoded prediction with its features as a tree (for drift samples), or null, and the outcome it joined, or null. */
  record StoredPrediction(Prediction prediction, JsonNode features, String outcome) {}

  /** A decoded outcome; {@code arrival} is null when it joined its prediction, else when it started waiting. */
  record StoredOutcome(Outcome outcome, Long arrival) {}

  /** The batch's new predictions; {@code joined} holds the outcomes they joined, by prediction id. */
  static String predictions(List<Prediction> events, Map<String, String> joined) {
    int size = 2;
    for (Prediction p : events) {
      size += p.id().length() + p.modelVersion().length() + p.prediction().length() + 40
          + (p.featuresJson() == null ? 0 : p.featuresJson().length()) + (p.scoresJson() == null ? 0 : p.scoresJson().length());
    }
    StringBuilder sb = new StringBuilder(size).append('['); // sized once: batches are large
    for (Prediction p : events) {
      if (sb.length() > 1) sb.append(',');
      sb.append('[');
      string(sb, p.id()).append(',').append(p.timestamp()).append(',');
      string(sb, p.modelVersion()).append(',');
      sb.append(p.featuresJson() == null ? "null" : p.featuresJson()).append(',');
      string(sb, p.prediction()).append(',');
      sb.append(p.scoresJson() == null ? "null" : p.scoresJson());
      String outcome = joined.isEmpty() ? null : joined.get(p.id());
      if (outcome != null) string(sb.append(','), outcome);
      sb.append(']');
    }
    return sb.append(']').toString();
  }

  static String outcomes(List<JoinIndex.LoggedOutcome> events) {
    StringBuilder sb = new StringBuilder(events.size() * 48).append('[');
    for (JoinIndex.LoggedOutcome l : events) {
      Outcome o = l.outcome();
      if (sb.length() > 1) sb.append(',');
      sb.append('[');
      string(sb, o.id()).append(',');
      string(sb, o.outcome()).append(',');
      sb.append(o.timestamp() == null ? "null" : o.timestamp().toString());
      if (l.waited()) sb.append(',').append(l.ts());
      sb.append(']');
    }
    return sb.append(']').toString();
  }

  /** {@code s} as a JSON string; most ids and values need no escaping, so they are copied as they are. */
  static StringBuilder string(StringBuilder sb, String s) {
    sb.append('"');
    if (plain(s)) sb.append(s);
    else JsonStringEncoder.getInstance().quoteAsString(s, sb);
    return sb.append('"');
  }

  private static boolean plain(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) return false;
    }
    return true;
  }

  static List<StoredPrediction> readPredictions(String json) {
    List<StoredPrediction> out = new ArrayList<>();
    try (JsonParser p = Json.MAPPER.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_ARRAY);
      while (p.nextToken() == JsonToken.START_ARRAY) {
        String id = text(p);
        p.nextToken();
        long ts = p.getLongValue();
        String version = text(p);
        p.nextToken();
        JsonNode features = p.currentToken() == JsonToken.VALUE_NULL ? null : VALUE.readTree(p);
        String prediction = text(p);
        p.nextToken();
        String scores = switch (p.currentToken()) {
          case VALUE_NULL -> null;
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
          default -> VALUE.readTree(p).toString();
        };
        String outcome = p.nextToken() == JsonToken.END_ARRAY ? null : p.getValueAsString();
        if (outcome != null) expect(p.nextToken(), JsonToken.END_ARRAY);
        out.add(new StoredPrediction(new Prediction(id, ts, version, features == null ? null : features.toString(),
            prediction, scores), features, outcome));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable stored prediction batch", e);
    }
  }

  static List<StoredOutcome> readOutcomes(String json) {
    List<StoredOutcome> out = new ArrayList<>();
    try (JsonParser p = Json.MAPPER.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_ARRAY);
      while (p.nextToken() == JsonToken.START_ARRAY) {
        String id = text(p);
        String outcome = text(p);
        Long ts = p.nextToken() == JsonToken.VALUE_NULL ? null : p.getLongValue();
        Long arrival = p.nextToken() == JsonToken.END_ARRAY ? null : p.getLongValue();
        if (arrival != null) expect(p.nextToken(), JsonToken.END_ARRAY);
        out.add(new StoredOutcome(new Outcome(id, outcome, ts), arrival));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable stored outcome batch", e);
    }
  }

  /** The next value as text (stored strings; migrated rows may hold numbers). */
  private static String text(JsonParser p) throws IOException {
    p.nextToken();
    return p.getValueAsString();
  }

  private static void expect(JsonToken got, JsonToken wanted) throws IOException {
    if (got != wanted) throw new IOException("expected " + wanted + ", found " + got);
  }
}
