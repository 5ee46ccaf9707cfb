package io.vigil.server.monitor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.vigil.model.VigilException;
import io.vigil.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body of events: a JSON array (or one object), or NDJSON (one event per non-blank line),
 * read as a token stream. A body that is not valid JSON is rejected as such even when an earlier
 * event is invalid (the first invalid event is reported once the whole body has been read), as when
 * bodies were parsed whole before validation.
 */
public final class EventBody {
  private final byte[] bytes;
  private final boolean ndjson;
  private final List<JsonNode> trees;

  private EventBody(byte[] bytes, boolean ndjson, List<JsonNode> trees) {
    this.bytes = bytes;
    this.ndjson = ndjson;
    this.trees = trees;
  }

  /** A JSON body: an array of events or one event. */
  public static EventBody json(byte[] bytes) {
    return new EventBody(bytes, false, null);
  }

  /** An NDJSON body: one event per non-blank line. */
  public static EventBody ndjson(byte[] bytes) {
    return new EventBody(bytes, true, null);
  }

  /** Events already parsed (the Java API). */
  static EventBody of(List<JsonNode> events) {
    return new EventBody(null, false, events);
  }

  /** Every event read and validated by {@code reader}; the first invalid one fails the whole body. */
  <T> List<T> read(MonitorEvents.EventReader<T> reader) {
    Reading<T> r = new Reading<>(reader);
    try {
      if (trees != null) readTrees(r);
      else if (ndjson) readLines(r);
      else readJson(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (r.error != null) throw r.error;
    return r.events;
  }

  /** Events read so far, and the first validation error (after which events are only skipped). */
  private static final class Reading<T> {
    final MonitorEvents.EventReader<T> reader;
    final List<T> events = new ArrayList<>();
    VigilException error;
    int index;

    Reading(MonitorEvents.EventReader<T> reader) {
      this.reader = reader;
    }

    /** Reads the event the parser is on. */
    void event(JsonParser p) throws IOException {
      int i = index++;
      if (error != null) {
        p.skipChildren();
        return;
      }
      try {
        events.add(reader.read(p, i));
      } catch (VigilException e) {
        error = e;
        p.skipChildren();
      }
    }
  }

  private <T> void readJson(Reading<T> r) throws IOException {
    if (bytes.length == 0) throw VigilException.invalid("The request body is empty.");
    try (JsonParser p = Json.MAPPER.createParser(bytes)) {
      JsonToken t = p.nextToken();
      boolean events = t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT;
      if (t == JsonToken.START_ARRAY) {
        while (p.nextToken() != JsonToken.END_ARRAY) r.event(p);
      } else if (t == JsonToken.START_OBJECT) {
        r.event(p);
      } else if (t != null) {
        p.skipChildren();
      }
      if (t != null && p.nextToken() != null) {
        var at = p.currentTokenLocation();
        throw VigilException.invalid("Request body is not valid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ".");
      }
      if (!events) {
        throw VigilException.invalid("The body must be a JSON array of events, or NDJSON with Content-Type application/x-ndjson.");
      }
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw VigilException.invalid("Request body is not valid JSON" + where + ".");
    }
  }

  private <T> void readLines(Reading<T> r) throws IOException {
    int start = 0;
    int line = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        int end = i;
        if (end > start && bytes[end - 1] == '\r') end--;
        if (!isBlank(bytes, start, end)) {
          int index = r.index;
          try (JsonParser p = Json.MAPPER.createParser(bytes, start, end - start)) {
            p.nextToken();
            r.event(p);
            if (p.nextToken() != null) throw VigilException.invalid(invalidLine(index, line));
          } catch (JsonProcessingException e) {
            throw VigilException.invalid(invalidLine(index, line));
          }
        }
        start = i + 1;
        line++;
      }
    }
  }

  private static String invalidLine(int index, int line) {
    return "Invalid JSON for parameter '[" + index + "]' (line " + (line + 1) + ").";
  }

  private <T> void readTrees(Reading<T> r) throws IOException {
    for (JsonNode n : trees) {
      try (JsonParser p = Json.MAPPER.treeAsTokens(n == null ? NullNode.getInstance() : n)) {
        p.nextToken();
        r.event(p);
      }
    }
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') return false;
    return true;
  }
}
