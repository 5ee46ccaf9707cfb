package io.vigil.server.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.drift.ColumnDriftResult;
import io.vigil.drift.DatasetDriftResult;
import io.vigil.drift.DriftDetector;
import io.vigil.metrics.window.TumblingWindows;
import io.vigil.metrics.window.Window;
import io.vigil.model.VigilException;
import io.vigil.server.http.Json;
import io.vigil.server.store.MonitorStore;
import io.vigil.server.store.MonitorStore.AlertEvent;
import io.vigil.server.store.MonitorStore.AlertState;
import io.vigil.server.store.MonitorStore.Labelled;
import io.vigil.server.store.MonitorStore.Prediction;
import io.vigil.server.store.MonitorStore.WindowValue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monitoring semantics. Ingestion stores events (all or nothing) and then adds them to in-memory
 * window accumulators per model version; {@link #tick()} writes the windows that changed as series,
 * computes drift for windows whose predictions changed, evaluates alert rules on closed windows
 * and delivers notifications. State is rebuilt from the store when the service starts.
 */
public final class MonitorService {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorService.class);
  /** Version key of the all-versions series. */
  public static final String ALL_VERSIONS = "";
  private static final int MAX_CATCH_UP_WINDOWS = 10_000;
  /** Windows whose feature samples are kept for drift (older ones are dropped; late rows recreate them). */
  static final int SAMPLED_WINDOWS = 168;

  private final MonitorStore store;
  private final Clock clock;
  private final Notifier notifier;
  private final Map<String, ModelState> states = new ConcurrentHashMap<>();
  private final LongAdder predictionsIngested = new LongAdder();
  private final LongAdder outcomesIngested = new LongAdder();
  private final Object tickLock = new Object();
  /** Null while this server owns monitoring; otherwise why requests are refused. */
  private volatile String unavailable = ELSEWHERE;

  /** The in-memory state of one monitored model. */
  private static final class ModelState {
    final MonitorDefinition def;
    final Map<String, TumblingWindows<WindowAccumulator>> byVersion = new HashMap<>();
    /** (version, window start) whose metrics changed since the last tick. */
    final Set<Map.Entry<String, Long>> dirty = new HashSet<>();
    /** Windows whose predictions (so features) changed. */
    final Set<Long> dirtyDrift = new HashSet<>();
    /** Feature samples per window start, for drift. */
    final TreeMap<Long, FeatureSample> samples = new TreeMap<>();
    volatile Reference reference;
    /** Predictions by id and waiting outcomes; guarded by ingestLock. */
    final JoinIndex index = new JoinIndex();
    /** Held while a batch is indexed and numbered; guards index and nextSeq. */
    final Object ingestLock = new Object();
    /** The number of the model's next batch in the event log. */
    long nextSeq;
    /** Latest window value per (version, metric), for gauges. */
    final Map<String, Map<String, WindowValue>> latest = new ConcurrentHashMap<>();
    /**
     * Windows starting before this are past the label horizon: final, no longer in memory, never
     * touched again (their stored values stay). Guarded by the model's lock.
     */
    long floor = Long.MIN_VALUE;
    /** The earliest window with data, including those dropped from memory (for alert rules). */
    Long firstData;
    /** Where the event log was last cut (tick). */
    long retainedFrom = Long.MIN_VALUE;

    ModelState(MonitorDefinition def) {
      this.def = def;
    }

    /**
     * The start of the label horizon at {@code now}: the start of the window holding now − horizon,
     * so that a window is either wholly inside the horizon or wholly past it.
     */
    long cutoff(long now) {
      return windowStart(now - def.labelHorizonMs());
    }

    TumblingWindows<WindowAccumulator> windows(String version) {
      return byVersion.computeIfAbsent(version, v -> new TumblingWindows<>(def.windowMs(), () -> new WindowAccumulator(def.task())));
    }

    long windowStart(long ts) {
      return Math.floorDiv(ts, def.windowMs()) * def.windowMs();
    }

    void sample(long ts, JsonNode features) {
      if (def.features().isEmpty()) return;
      long w = windowStart(ts);
      if (w < floor) return;
      samples.computeIfAbsent(w, k -> new FeatureSample(def.features(), k)).add(features);
      dirtyDrift.add(w);
    }
  }

  /** Reference columns for drift, by declared feature. */
  record Reference(Map<String, double[]> numeric, Map<String, String[]> categorical, long rows) {}

  /** A service that owns monitoring from the start: every stored monitor is loaded. */
  public MonitorService(MonitorStore store, Clock clock, Notifier notifier) {
    this(store, clock, notifier, true);
  }

  /**
   * With {@code active = false} nothing is loaded and every request is refused until {@link #activate()}:
   * another server sharing the database may own monitoring.
   */
  public MonitorService(MonitorStore store, Clock clock, Notifier notifier, boolean active) {
    this.store = store;
    this.clock = clock;
    this.notifier = notifier;
    if (active) activate();
  }

  // ------------------------------------------------------------------ ownership

  /** What a request is told while another server owns monitoring. */
  public static final String ELSEWHERE = "Monitoring runs on another Vigil server sharing this database; retry later"
      + " or send monitoring requests to that server.";

  /** Loads every stored monitor from the store and starts serving: this server owns monitoring now. */
  public void activate() {
    synchronized (tickLock) {
      Set<String> stored = new HashSet<>();
      for (MonitorStore.StoredMonitor m : store.monitors()) {
        stored.add(m.model());
        load(m.model(), parseStored(m.definitionJson()));
      }
      states.keySet().retainAll(stored);
      unavailable = null;
    }
  }

  /** Drops all state and refuses requests with {@code reason}: another server owns monitoring (or will). */
  public void deactivate(String reason) {
    synchronized (tickLock) {
      unavailable = reason;
      states.clear();
    }
  }

  /** Whether this server owns monitoring and serves it. */
  public boolean active() {
    return unavailable == null;
  }

  /** Refuses the request with 503 TEMPORARILY_UNAVAILABLE when this server does not own monitoring. */
  public void requireActive() {
    String reason = unavailable;
    if (reason != null) throw new VigilException(io.vigil.model.ErrorCode.TEMPORARILY_UNAVAILABLE, reason);
  }

  public Clock clock() {
    return clock;
  }

  public MonitorStore store() {
    return store;
  }

  private static MonitorDefinition parseStored(String json) {
    try {
      return MonitorDefinition.parse(Json.MAPPER.readTree(json));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored monitor definition is not JSON", e);
    }
  }

  /**
   * Builds a model's state by replaying its event log, and reads its reference. Only the batches
   * that can still matter are read: those with events inside the label horizon; older windows keep
   * their stored values.
   */
  private ModelState load(String model, MonitorDefinition def) {
    ModelState s = new ModelState(def);
    long now = clock.millis();
    long sampleFrom = s.windowStart(now) - (SAMPLED_WINDOWS - 1) * def.windowMs();
    long cutoff = s.cutoff(now);
    s.floor = cutoff;
    s.index.advance(cutoff);
    long[] lastSeq = {-1};
    store.scanEvents(model, cutoff, b -> {
      lastSeq[0] = b.seq();
      if (b.kind() == MonitorStore.EventKind.PREDICTIONS) {
        List<EventLog.StoredPrediction> stored = EventLog.readPredictions(b.events());
        List<Prediction> events = new ArrayList<>(stored.size());
        for (EventLog.StoredPrediction p : stored) {
          events.add(p.prediction());
          // The outcome it joined waits again for it, so that it joins it again.
          if (p.outcome() != null && p.prediction().timestamp() >= cutoff) {
            s.index.replayWaiting(new MonitorStore.Outcome(p.prediction().id(), p.outcome(), null), cutoff);
          }
        }
        JoinIndex.PredictionsAdded added = s.index.addPredictions(events, cutoff);
        addPredictions(s, events, added, (i, dirty) -> {
          JsonNode f = stored.get(i).features();
          if (f != null && events.get(i).timestamp() >= sampleFrom) s.sample(events.get(i).timestamp(), f);
        });
      } else {
        List<Labelled> joined = new ArrayList<>();
        for (EventLog.StoredOutcome o : EventLog.readOutcomes(b.events())) {
          if (o.arrival() != null) {
            s.index.replayWaiting(o.outcome(), o.arrival());
          } else {
            Labelled l = s.index.replayJoined(o.outcome());
            if (l != null) joined.add(l);
          }
        }
        addLabelled(s, joined);
      }
    });
    // The next number follows the highest ever used, also when its batch was deleted or not scanned.
    s.nextSeq = Math.max(lastSeq[0], store.lastEventSeq(model)) + 1;
    s.firstData = store.firstWindowStart(model, "prediction_count", ALL_VERSIONS).orElse(null);
    store.reference(model).ifPresent(r -> s.reference = parseReference(r));
    ModelState old = states.get(model);
    if (old != null) {
      // Batches the old state numbered may still be on their way to the store: never reuse a number.
      synchronized (old.ingestLock) {
        s.nextSeq = Math.max(s.nextSeq, old.nextSeq);
      }
    }
    states.put(model, s);
    return s;
  }

  // ------------------------------------------------------------------ definitions

  /** Creates or replaces a monitor; answers its normalised definition and whether it was created. */
  public Map.Entry<MonitorDefinition, Boolean> putMonitor(String model, JsonNode body) {
    MonitorDefinition.checkModelName(model);
    MonitorDefinition def = MonitorDefinition.parse(body);
    boolean created = store.putMonitor(model, def.toJson().toString());
    synchronized (tickLock) {
      load(model, def);
    }
    return Map.entry(def, created);
  }

  public MonitorDefinition monitor(String model) {
    ModelState s = states.get(model);
    if (s == null) throw noMonitor(model);
    return s.def;
  }

  public List<String> models() {
    return store.monitors().stream().map(MonitorStore.StoredMonitor::model).toList();
  }

  public void deleteMonitor(String model) {
    synchronized (tickLock) {
      if (!store.deleteMonitor(model)) throw noMonitor(model);
      states.remove(model);
    }
  }

  private static VigilException noMonitor(String model) {
    return VigilException.notFound("No monitor for model '" + model + "'. Define one with PUT /api/vigil/monitors/" + model + ".");
  }

  private ModelState state(String model) {
    ModelState s = states.get(model);
    if (s == null) throw noMonitor(model);
    return s;
  }

  // ------------------------------------------------------------------ ingestion

  /** Result of one ingested batch. */
  public record Ingested(int received, int stored, int duplicates, int joined, int pending, int expired) {
    public ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("received", received);
      o.put("stored", stored);
      o.put("duplicates", duplicates);
      o.put("joined", joined);
      o.put("pending", pending);
      o.put("expired", expired);
      return o;
    }
  }

  public Ingested ingestPredictions(String model, List<JsonNode> events) {
    return ingestPredictions(model, EventBody.of(events));
  }

  public Ingested ingestPredictions(String model, EventBody body) {
    ModelState s = state(model);
    MonitorEvents.Predictions batch = MonitorEvents.predictions(body, s.def);
    List<Prediction> events = batch.events();
    JoinIndex.PredictionsAdded added;
    long seq;
    long cutoff = s.cutoff(clock.millis());
    // Batches of a model are indexed and numbered one at a time; their writes run concurrently (the
    // SQLite writer commits them together) and replay follows the numbers.
    synchronized (s.ingestLock) {
      added = s.index.addPredictions(events, cutoff);
      seq = added.inserted().isEmpty() ? -1 : s.nextSeq++;
    }
    if (seq >= 0) {
      List<Prediction> inserted = added.inserted();
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (Prediction p : inserted) {
        min = Math.min(min, p.timestamp());
        max = Math.max(max, p.timestamp());
      }
      Map<String, String> joined = added.joined().isEmpty() ? Map.of() : new HashMap<>();
      for (Labelled l : added.joined()) joined.put(l.id(), l.outcome());
      append(model, s, seq, MonitorStore.EventKind.PREDICTIONS, inserted.size(), min, max, EventLog.predictions(inserted, joined));
    }
    synchronized (s) {
      addPredictions(s, events, added, (i, dirty) -> {
        Object[] f = batch.features().get(i);
        if (f != null) dirty.sample(events.get(i).timestamp(), f);
      });
    }
    int inserted = added.inserted().size();
    predictionsIngested.add(inserted);
    return new Ingested(events.size(), inserted, events.size() - inserted - added.expired(), added.joined().size(), 0,
        added.expired());
  }

  /**
   * Writes an indexed batch. The index already counts it (later batches were indexed on it), so when
   * the store refuses it the model's state is rebuilt from the log: what was stored, nothing else.
   */
  private void append(String model, ModelState s, long seq, MonitorStore.EventKind kind, int count, long minTs, long maxTs,
      String events) {
    try {
      store.appendEvents(model, seq, kind, count, minTs, maxTs, events);
    } catch (RuntimeException e) {
      synchronized (tickLock) {
        if (states.get(model) == s) {
          LOG.warn("storing a batch of model {} failed; rebuilding its state from the store", model);
          try {
            load(model, s.def);
          } catch (RuntimeException reload) {
            e.addSuppressed(reload);
          }
        }
      }
      throw e;
    }
  }

  /** What a new prediction adds besides its counts: its drift sample (event index, batch windows). */
  private interface Sampler {
    void sample(int index, DirtyWindows dirty);
  }

  /** Adds a batch's new predictions and joins to the windows (under the model's lock). */
  private static void addPredictions(ModelState s, List<Prediction> events, JoinIndex.PredictionsAdded added, Sampler sampler) {
    boolean scored = s.def.task() != io.vigil.metrics.evaluation.EvaluationTask.REGRESSION;
    List<Prediction> inserted = added.inserted();
    DirtyWindows dirty = new DirtyWindows(s);
    // inserted is events minus duplicates, in order: walk both to find each one's features.
    for (int i = 0, j = 0; i < events.size() && j < inserted.size(); i++) {
      Prediction p = events.get(i);
      if (inserted.get(j) != p) continue;
      j++;
      WindowAccumulator acc = dirty.at(p.modelVersion(), p.timestamp());
      if (acc == null) continue; // its window went past the horizon meanwhile
      acc.addPrediction(p.prediction());
      if (scored && p.scoresJson() != null) {
        double score = PredictionDistribution.scoreOf(s.def.task(), s.def.positiveLabel(), p.scoresJson());
        if (!Double.isNaN(score)) acc.addScore(score);
      }
      sampler.sample(i, dirty);
    }
    addLabelled(s, added.joined());
  }

  public Ingested ingestOutcomes(String model, List<JsonNode> events) {
    return ingestOutcomes(model, EventBody.of(events));
  }

  public Ingested ingestOutcomes(String model, EventBody body) {
    ModelState s = state(model);
    List<MonitorStore.Outcome> batch = MonitorEvents.outcomes(body);
    JoinIndex.OutcomesAdded added;
    long seq;
    long now = clock.millis();
    long cutoff = s.cutoff(now);
    synchronized (s.ingestLock) {
      added = s.index.addOutcomes(batch, cutoff, now);
      seq = added.effective().isEmpty() ? -1 : s.nextSeq++;
    }
    if (seq >= 0) {
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (JoinIndex.LoggedOutcome o : added.effective()) {
        min = Math.min(min, o.ts());
        max = Math.max(max, o.ts());
      }
      append(model, s, seq, MonitorStore.EventKind.OUTCOMES, added.effective().size(), min, max,
          EventLog.outcomes(added.effective()));
    }
    synchronized (s) {
      addLabelled(s, added.joined());
    }
    outcomesIngested.add(batch.size());
    int joined = added.joined().size();
    int pending = added.waiting();
    int expired = added.expired();
    return new Ingested(batch.size(), joined + pending, batch.size() - joined - pending - expired, joined, pending, expired);
  }

  /**
   * The accumulators of one batch's windows, marked dirty once per (version, window) rather than once
   * per event: events of a batch mostly share both. Used under the model's lock.
   */
  private static final class DirtyWindows {
    private final ModelState s;
    private String version;
    private long start = Long.MIN_VALUE;
    private WindowAccumulator acc;
    private long sampleStart;
    private FeatureSample sample;

    DirtyWindows(ModelState s) {
      this.s = s;
    }

    /** The window's accumulator, or null when the window is past the label horizon (final). */
    WindowAccumulator at(String modelVersion, long ts) {
      long w = s.windowStart(ts);
      if (w < s.floor) return null;
      if (acc == null || w != start || !modelVersion.equals(version)) {
        version = modelVersion;
        start = w;
        acc = s.windows(modelVersion).at(ts);
        s.dirty.add(Map.entry(modelVersion, w));
      }
      return acc;
    }

    /** As {@link ModelState#sample(long, JsonNode)}, with the values the event reader collected. */
    void sample(long ts, Object[] features) {
      if (s.def.features().isEmpty()) return;
      long w = s.windowStart(ts);
      if (w < s.floor) return;
      if (sample == null || w != sampleStart) {
        sampleStart = w;
        sample = s.samples.computeIfAbsent(w, k -> new FeatureSample(s.def.features(), k));
        s.dirtyDrift.add(w);
      }
      sample.add(features);
    }
  }

  private static void addLabelled(ModelState s, List<Labelled> joined) {
    DirtyWindows dirty = new DirtyWindows(s);
    for (Labelled l : joined) {
      // A late outcome goes to the window of its prediction, closed or not (unless past the horizon).
      WindowAccumulator acc = dirty.at(l.modelVersion(), l.timestamp());
      if (acc != null) acc.addLabelled(l.prediction(), l.outcome());
    }
  }

  public long predictionsIngested() {
    return predictionsIngested.sum();
  }

  public long outcomesIngested() {
    return outcomesIngested.sum();
  }

  // ------------------------------------------------------------------ reference

  /** Stores reference rows (column name → values) and rebuilds the profiles used for drift. */
  public long putReference(String model, List<Map<String, JsonNode>> rows) {
    ModelState s = state(model);
    if (s.def.features().isEmpty()) {
      throw VigilException.invalid("Monitor '" + model + "' declares no features: add \"features\" to its definition first.");
    }
    if (rows.isEmpty()) throw VigilException.invalid("The reference has no rows.");
    ObjectNode ref = JsonNodeFactory.instance.objectNode();
    ObjectNode cols = ref.putObject("columns");
    for (var f : s.def.features().entrySet()) {
      var arr = cols.putArray(f.getKey());
      for (int i = 0; i < rows.size(); i++) {
        JsonNode v = rows.get(i).get(f.getKey());
        if (v == null || v.isNull() || v.isTextual() && v.textValue().isEmpty()) continue;
        if (f.getValue() == MonitorDefinition.FeatureKind.NUMERIC) {
          double d;
          if (v.isNumber()) d = v.doubleValue();
          else {
            try {
              d = Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
              throw VigilException.invalid("Invalid value " + v + " for parameter '[" + i + "]." + f.getKey() + "': expected a number.");
            }
          }
          if (!Double.isFinite(d)) throw VigilException.invalid("Invalid value " + v + " for parameter '[" + i + "]." + f.getKey() + "': expected a finite number.");
          arr.add(d);
        } else {
          arr.add(v.asText());
        }
      }
      if (arr.isEmpty()) throw VigilException.invalid("The reference has no values for feature '" + f.getKey() + "'.");
    }
    store.putReference(model, ref.toString(), rows.size());
    synchronized (s) {
      s.reference = parseReference(ref.toString());
      // Every sampled window's drift is recomputed against the new reference.
      s.dirtyDrift.addAll(s.samples.keySet());
    }
    return rows.size();
  }

  private static Reference parseReference(String json) {
    try {
      JsonNode cols = Json.MAPPER.readTree(json).get("columns");
      Map<String, double[]> numeric = new LinkedHashMap<>();
      Map<String, String[]> categorical = new LinkedHashMap<>();
      long rows = 0;
      var it = cols.fields();
      while (it.hasNext()) {
        var e = it.next();
        JsonNode a = e.getValue();
        rows = Math.max(rows, a.size());
        if (a.size() > 0 && a.get(0).isNumber()) {
          double[] d = new double[a.size()];
          for (int i = 0; i < d.length; i++) d[i] = a.get(i).doubleValue();
          numeric.put(e.getKey(), d);
        } else {
          String[] s = new String[a.size()];
          for (int i = 0; i < s.length; i++) s[i] = a.get(i).asText();
          categorical.put(e.getKey(), s);
        }
      }
      return new Reference(numeric, categorical, rows);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored reference is not JSON", e);
    }
  }

  // ------------------------------------------------------------------ reads

  public List<WindowValue> windows(String model, String metric, String version, long from, long to) {
    state(model);
    return store.windowValues(model, metric, version, from, to);
  }

  /** One window of a series read like a run metric: window start, window index, value. */
  public record SeriesPoint(long timestamp, long step, double value) {}

  /**
   * The windows of one series that have a value, oldest first, as metric points: the timestamp is
   * the window start and the step the window's index since the epoch ({@code start / window}).
   * {@code closedOnly} leaves out windows that have not ended at the server's clock; {@code last}
   * keeps the latest ones (0 = all).
   */
  public List<SeriesPoint> series(String model, String metric, String version, long from, long to, boolean closedOnly,
      int last) {
    ModelState s = state(model);
    long w = s.def.windowMs();
    long now = clock.millis();
    List<SeriesPoint> out = new ArrayList<>();
    for (WindowValue v : store.windowValues(model, metric, version == null ? ALL_VERSIONS : version, from, to)) {
      if (Double.isNaN(v.value()) || closedOnly && v.windowEnd() > now) continue;
      out.add(new SeriesPoint(v.windowStart(), Math.floorDiv(v.windowStart(), w), v.value()));
    }
    out.sort(java.util.Comparator.comparingLong(SeriesPoint::timestamp));
    return last > 0 && out.size() > last ? List.copyOf(out.subList(out.size() - last, out.size())) : out;
  }

  /** Latest window values of every monitored model: model → values (for gauges). */
  public Map<String, List<WindowValue>> latestValues() {
    Map<String, List<WindowValue>> out = new TreeMap<>();
    if (!active()) return out; // the owning server exports them
    states.forEach((model, s) -> {
      List<WindowValue> vs = new ArrayList<>();
      s.latest.values().forEach(m -> vs.addAll(m.values()));
      out.put(model, vs);
    });
    return out;
  }

  public List<AlertEvent> alertHistory(String model, int limit) {
    state(model);
    return store.alertEvents(model, limit);
  }

  /** Each rule of the monitor with its current state. */
  public List<Map.Entry<AlertRule, AlertState>> alerts(String model) {
    ModelState s = state(model);
    List<Map.Entry<AlertRule, AlertState>> out = new ArrayList<>();
    for (AlertRule r : s.def.alerts()) {
      out.add(Map.entry(r, store.alertState(model, r.name())
          .orElse(new AlertState(r.name(), "inactive", 0, Long.MIN_VALUE, null, 0))));
    }
    return out;
  }

  /** Silences a rule's notifications until {@code untilMs} (state still changes and is recorded). */
  public AlertState silence(String model, String rule, long untilMs) {
    ModelState s = state(model);
    if (s.def.alerts().stream().noneMatch(r -> r.name().equals(rule))) {
      throw VigilException.notFound("Monitor '" + model + "' has no alert rule '" + rule + "'.");
    }
    synchronized (tickLock) {
      AlertState st = store.alertState(model, rule).orElse(new AlertState(rule, "inactive", 0, Long.MIN_VALUE, null, 0));
      AlertState next = new AlertState(rule, st.state(), st.consecutive(), st.evaluatedUntil(), untilMs, clock.millis());
      store.saveAlertState(model, next);
      return next;
    }
  }

  // ------------------------------------------------------------------ periodic work

  /**
   * Writes changed windows, computes drift, evaluates alert rules on closed windows and delivers
   * due notifications. Called by a scheduler in production and directly by tests.
   */
  public void tick() {
    synchronized (tickLock) {
      if (!active()) return; // another server writes windows and sends notifications
      for (Map.Entry<String, ModelState> e : states.entrySet()) {
        try {
          long cutoff = advanceHorizon(e.getValue());
          long changedFrom = flushWindows(e.getKey(), e.getValue());
          evaluateAlerts(e.getKey(), e.getValue(), changedFrom);
          retire(e.getKey(), e.getValue(), cutoff);
        } catch (RuntimeException ex) {
          LOG.error("monitoring tick failed for model {}", e.getKey(), ex);
        }
      }
      notifier.deliverDue();
    }
  }

  /**
   * Moves the model's label horizon to the clock: the index drops what fell out of it, and windows
   * before it stop taking events (they are written one last time by the flush that follows).
   */
  private long advanceHorizon(ModelState s) {
    long cutoff = s.cutoff(clock.millis());
    synchronized (s.ingestLock) {
      s.index.advance(cutoff);
    }
    synchronized (s) {
      s.floor = Math.max(s.floor, cutoff);
      return s.floor;
    }
  }

  /**
   * After the flush: drops windows and drift samples past the horizon from memory (their values are
   * written and final) and deletes the log batches that hold nothing inside it.
   */
  private void retire(String model, ModelState s, long cutoff) {
    if (cutoff <= s.retainedFrom) return; // the horizon has not moved to a new window
    synchronized (s) {
      for (TumblingWindows<WindowAccumulator> tw : s.byVersion.values()) {
        for (Window<WindowAccumulator> win : tw.windows()) {
          if (win.startMs() >= cutoff) break;
          if (s.firstData == null || win.startMs() < s.firstData) s.firstData = win.startMs();
        }
        tw.dropBefore(cutoff);
      }
      s.samples.headMap(cutoff).clear();
    }
    int deleted = store.deleteEventsBefore(model, cutoff);
    s.retainedFrom = cutoff;
    if (deleted > 0) LOG.debug("model {}: {} event batches past the label horizon deleted", model, deleted);
  }

  /** Writes changed windows; answers the start of the earliest window that changed (Long.MAX_VALUE if none). */
  private long flushWindows(String model, ModelState s) {
    List<WindowValue> values = new ArrayList<>();
    long changedFrom = Long.MAX_VALUE;
    long w = s.def.windowMs();
    Map<Long, WindowAccumulator> all = new TreeMap<>();
    Map<Long, FeatureSample> driftSamples = new TreeMap<>();
    synchronized (s) {
      Set<Long> starts = new HashSet<>();
      for (Map.Entry<String, Long> d : s.dirty) {
        starts.add(d.getValue());
        WindowAccumulator a = s.windows(d.getKey()).at(d.getValue());
        a.values(s.def.metrics(), s.def.positiveLabel())
            .forEach((m, v) -> values.add(new WindowValue(m, d.getKey(), d.getValue(), d.getValue() + w, v)));
      }
      // All versions together: the versions' accumulators merged.
      for (long start : starts) {
        WindowAccumulator merged = new WindowAccumulator(s.def.task());
        for (TumblingWindows<WindowAccumulator> tw : s.byVersion.values()) merged.merge(tw.at(start));
        all.put(start, merged);
      }
      s.dirty.clear();
      for (long start : starts) changedFrom = Math.min(changedFrom, start);
      for (long start : s.dirtyDrift) {
        changedFrom = Math.min(changedFrom, start);
        FeatureSample fs = s.samples.get(start);
        if (fs != null) driftSamples.put(start, fs);
      }
      s.dirtyDrift.clear();
      while (s.samples.size() > SAMPLED_WINDOWS) s.samples.pollFirstEntry();
    }
    all.forEach((start, a) -> a.values(s.def.metrics(), s.def.positiveLabel())
        .forEach((m, v) -> values.add(new WindowValue(m, ALL_VERSIONS, start, start + w, v))));
    Reference ref = s.reference;
    if (ref != null) {
      DriftDetector detector = new DriftDetector(s.def.drift());
      // Samples are read under the model's lock: ingestion may be adding to the open window.
      for (Map.Entry<Long, FeatureSample> e : driftSamples.entrySet()) {
        Map<String, double[]> nums = new HashMap<>();
        Map<String, String[]> strs = new HashMap<>();
        synchronized (s) {
          ref.numeric().keySet().forEach(f -> nums.put(f, e.getValue().numbers(f)));
          ref.categorical().keySet().forEach(f -> strs.put(f, e.getValue().strings(f)));
        }
        values.addAll(drift(s, ref, detector, e.getKey(), nums, strs));
      }
    }
    store.putWindowValues(model, values);
    for (WindowValue v : values) {
      Map<String, WindowValue> m = s.latest.computeIfAbsent(v.modelVersion(), k -> new ConcurrentHashMap<>());
      WindowValue old = m.get(v.metric());
      if (old == null || old.windowStart() <= v.windowStart()) m.put(v.metric(), v);
    }
    return changedFrom;
  }

  private static List<WindowValue> drift(ModelState s, Reference ref, DriftDetector detector, long start,
      Map<String, double[]> numeric, Map<String, String[]> categorical) {
    long end = start + s.def.windowMs();
    List<ColumnDriftResult> results = new ArrayList<>();
    // A feature's chosen test (and threshold) when its definition names one, else the automatic choice.
    ref.numeric().forEach((name, r) -> {
      double[] cur = numeric.get(name);
      if (cur == null || cur.length == 0) return;
      MonitorDefinition.FeatureDrift fd = s.def.featureDrift().get(name);
      results.add(fd == null ? detector.numeric(name, r, cur)
          : detector.numeric(name, r, cur, fd.test(), thresholdOf(detector, fd)));
    });
    ref.categorical().forEach((name, r) -> {
      String[] cur = categorical.get(name);
      if (cur == null || cur.length == 0) return;
      MonitorDefinition.FeatureDrift fd = s.def.featureDrift().get(name);
      results.add(fd == null ? detector.categorical(name, r, cur)
          : detector.categorical(name, r, cur, fd.test(), thresholdOf(detector, fd)));
    });
    List<WindowValue> out = new ArrayList<>();
    if (results.isEmpty()) return out;
    DatasetDriftResult d = detector.summarize(results);
    for (ColumnDriftResult c : results) {
      out.add(new WindowValue("drift." + c.column(), ALL_VERSIONS, start, end, c.statistic()));
      out.add(new WindowValue("drifted." + c.column(), ALL_VERSIONS, start, end, c.drifted() ? 1 : 0));
    }
    out.add(new WindowValue("drift_share", ALL_VERSIONS, start, end, d.driftedShare()));
    return out;
  }

  private static double thresholdOf(DriftDetector detector, MonitorDefinition.FeatureDrift fd) {
    return fd.threshold() != null ? fd.threshold() : detector.config().thresholdFor(fd.test());
  }

  // ------------------------------------------------------------------ alerts

  /** A window's verdict for a rule: the value judged and whether it breaches. */
  private record Verdict(double value, boolean breach) {}

  /** The series a rule reads, by window start, for windows in [from, to) plus its baseline windows. */
  private Map<Long, Double> ruleSeries(String model, AlertRule rule, long from, long to, long w) {
    Map<Long, Double> series = new HashMap<>();
    if (rule.type() == AlertRule.Type.THRESHOLD) {
      long seriesFrom = from - (long) rule.baselineWindows() * w;
      for (WindowValue v : store.windowValues(model, rule.metric(), rule.modelVersion(), seriesFrom, to)) {
        series.put(v.windowStart(), v.value());
      }
    } else {
      for (WindowValue v : store.windowValues(model, "prediction_count", ALL_VERSIONS, from, to)) {
        series.put(v.windowStart(), v.value());
      }
    }
    return series;
  }

  /** Judges one window; null when there is nothing to judge (no value, or no baseline yet). */
  private static Verdict judge(AlertRule rule, Map<Long, Double> series, long start, long w) {
    if (rule.type() == AlertRule.Type.NO_DATA) {
      double value = series.getOrDefault(start, 0.0);
      return new Verdict(value, !(value > 0));
    }
    double value = series.getOrDefault(start, Double.NaN);
    if (Double.isNaN(value)) return null; // nothing to judge yet (e.g. no labels): state unchanged
    double base = Double.NaN;
    if (rule.baseline() != null) base = rule.baseline();
    else if (rule.trailingBaseline()) {
      double sum = 0;
      int n = 0;
      for (int k = 1; k <= rule.baselineWindows(); k++) {
        Double b = series.get(start - k * w);
        if (b != null && !Double.isNaN(b)) {
          sum += b;
          n++;
        }
      }
      if (n == 0) return null;
      base = sum / n;
    }
    return new Verdict(value, rule.breaches(value, base));
  }

  /** A rule's state is a function of its run of consecutive breaching windows. */
  private static String stateOf(AlertRule rule, int consecutive) {
    return consecutive == 0 ? "inactive" : consecutive >= rule.forWindows() ? "firing" : "pending";
  }

  private void evaluateAlerts(String model, ModelState s, long changedFrom) {
    if (s.def.alerts().isEmpty()) return;
    long w = s.def.windowMs();
    long now = clock.millis();
    long lastClosedEnd = Math.floorDiv(now, w) * w; // windows ending at or before now are closed
    Long firstData;
    synchronized (s) {
      firstData = s.firstData; // windows dropped from memory (past the horizon) still count
      for (TumblingWindows<WindowAccumulator> tw : s.byVersion.values()) {
        List<Window<WindowAccumulator>> ws = tw.windows();
        if (!ws.isEmpty() && (firstData == null || ws.get(0).startMs() < firstData)) firstData = ws.get(0).startMs();
      }
    }
    if (firstData == null) return;
    for (AlertRule rule : s.def.alerts()) {
      Optional<AlertState> stored = store.alertState(model, rule.name());
      AlertState st = stored.orElse(new AlertState(rule.name(), "inactive", 0, firstData, null, now));
      if (stored.isPresent() && changedFrom < st.evaluatedUntil()) {
        st = reevaluate(model, s, rule, st, Math.max(changedFrom, firstData), firstData, now);
      }
      long from = Math.max(st.evaluatedUntil(), firstData);
      if (from + w > lastClosedEnd) continue;
      long to = Math.min(lastClosedEnd, from + MAX_CATCH_UP_WINDOWS * w);
      String state = st.state();
      int consecutive = st.consecutive();
      Map<Long, Double> series = ruleSeries(model, rule, from, to, w);
      for (long start = from; start + w <= to; start += w) {
        Verdict v = judge(rule, series, start, w);
        if (v == null) continue;
        if (v.breach()) {
          consecutive++;
          if (!state.equals("firing")) {
            String next = consecutive >= rule.forWindows() ? "firing" : "pending";
            if (!next.equals(state)) {
              transition(model, s, rule, next, start, v.value(), st.silencedUntil(), now);
              state = next;
            }
          }
        } else {
          consecutive = 0;
          if (state.equals("firing")) {
            transition(model, s, rule, "resolved", start, v.value(), st.silencedUntil(), now);
          } else if (state.equals("pending")) {
            transition(model, s, rule, "inactive", start, v.value(), st.silencedUntil(), now);
          }
          state = "inactive";
        }
      }
      long evaluatedUntil = from;
      while (evaluatedUntil + w <= to) evaluatedUntil += w;
      store.saveAlertState(model, new AlertState(rule.name(), state, consecutive, evaluatedUntil, st.silencedUntil(), now));
    }
  }

  /**
   * Re-runs a rule over already evaluated windows from {@code changedFrom} (their values changed,
   * e.g. late outcomes) up to where it had been evaluated, on the corrected series. The run of
   * breaching windows before {@code changedFrom} is recounted from the series; when the corrected
   * state differs from the recorded one, the difference is recorded as transitions (so an alert can
   * fire or resolve on corrected data, once), attributed to the window where the corrected state was
   * reached. Episodes that fired and resolved within the corrected range are recorded as well
   * ({@link #recordEpisodes}).
   */
  private AlertState reevaluate(String model, ModelState s, AlertRule rule, AlertState st, long changedFrom,
      long firstData, long now) {
    long w = s.def.windowMs();
    long until = st.evaluatedUntil();
    long from = Math.max(changedFrom, until - MAX_CATCH_UP_WINDOWS * w);
    long lookbackFrom = Math.max(firstData, from - MAX_CATCH_UP_WINDOWS * w);
    Map<Long, Double> series = ruleSeries(model, rule, lookbackFrom, until, w);
    // The run of consecutive breaching windows just before `from` (capped at `for`: enough for the state).
    int consecutive = 0;
    if (rule.type() == AlertRule.Type.NO_DATA) {
      for (long start = from - w; start >= lookbackFrom && consecutive < rule.forWindows(); start -= w) {
        if (!judge(rule, series, start, w).breach()) break;
        consecutive++;
      }
    } else {
      List<Long> starts = new ArrayList<>(new TreeMap<>(series).descendingKeySet());
      for (long start : starts) {
        if (start >= from || start < lookbackFrom) continue;
        if (consecutive >= rule.forWindows()) break;
        Verdict v = judge(rule, series, start, w);
        if (v == null) continue;
        if (!v.breach()) break;
        consecutive++;
      }
    }
    String state = stateOf(rule, consecutive);
    long changeStart = from;
    double changeValue = series.getOrDefault(from, Double.NaN);
    List<Episode> episodes = new ArrayList<>();
    Long firedAt = null;
    double firedValue = Double.NaN;
    for (long start = from; start + w <= until; start += w) {
      Verdict v = judge(rule, series, start, w);
      if (v == null) continue;
      consecutive = v.breach() ? consecutive + 1 : 0;
      String next = stateOf(rule, consecutive);
      if (!next.equals(state)) {
        if (next.equals("firing")) {
          firedAt = start;
          firedValue = v.value();
        } else if (state.equals("firing") && firedAt != null) {
          episodes.add(new Episode(firedAt, firedValue, start, v.value()));
          firedAt = null;
        }
        changeStart = start;
        changeValue = v.value();
        state = next;
      }
    }
    recordEpisodes(model, s, rule, st, episodes, now);
    String old = st.state();
    if (state.equals(old)) return new AlertState(rule.name(), old, consecutive, until, st.silencedUntil(), now);
    LOG.info("alert {}/{} re-evaluated on corrected windows from {}: {} -> {}", model, rule.name(), from, old, state);
    boolean firing = state.equals("firing");
    if (firing != old.equals("firing")) {
      transition(model, s, rule, firing ? "firing" : "resolved", changeStart, changeValue, st.silencedUntil(), now);
    }
    if (!firing && !(old.equals("firing") && state.equals("inactive"))) {
      transition(model, s, rule, state, changeStart, changeValue, st.silencedUntil(), now);
    }
    AlertState next = new AlertState(rule.name(), state, consecutive, until, st.silencedUntil(), now);
    store.saveAlertState(model, next);
    return next;
  }

  /** A corrected run of firing windows: fired at one window, resolved at a later one. */
  private record Episode(long firedAt, double firedValue, long resolvedAt, double resolvedValue) {}

  /** How much recent history is read to tell a corrected episode from one already recorded. */
  private static final int EPISODE_HISTORY = 10_000;

  /**
   * Records the episodes that fired and resolved entirely inside a corrected range, as a firing and
   * a resolved transition each (one notification per transition). An episode overlapping a firing
   * already in the history (e.g. recorded live, the late data being for earlier windows) is not
   * recorded again.
   */
  private void recordEpisodes(String model, ModelState s, AlertRule rule, AlertState st, List<Episode> episodes, long now) {
    if (episodes.isEmpty()) return;
    List<Long> recordedFirings = store.alertEvents(model, EPISODE_HISTORY).stream()
        .filter(e -> e.rule().equals(rule.name()) && e.state().equals("firing")).map(AlertEvent::windowStart).toList();
    for (Episode e : episodes) {
      if (recordedFirings.stream().anyMatch(f -> f >= e.firedAt() && f <= e.resolvedAt())) continue;
      LOG.info("alert {}/{} fired and resolved inside corrected windows {}..{}", model, rule.name(), e.firedAt(), e.resolvedAt());
      transition(model, s, rule, "firing", e.firedAt(), e.firedValue(), st.silencedUntil(), now);
      transition(model, s, rule, "resolved", e.resolvedAt(), e.resolvedValue(), st.silencedUntil(), now);
    }
  }

  /** Records a transition; firing and resolved notify (unless silenced), others are history only. */
  private void transition(String model, ModelState s, AlertRule rule, String state, long windowStart, double value,
      Long silencedUntil, long now) {
    boolean notifies = state.equals("firing") || state.equals("resolved");
    String notification = !notifies || s.def.webhook() == null ? "none"
        : silencedUntil != null && silencedUntil > now ? "silenced" : "queued";
    long id = store.appendAlertEvent(model, new AlertEvent(0, rule.name(), state, windowStart, value, now, notification));
    LOG.info("alert {}/{} is {} (window {}, value {})", model, rule.name(), state, windowStart, value);
    if (notification.equals("queued")) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("event_id", id);
      body.put("model", model);
      body.put("alert", rule.name());
      body.put("state", state);
      body.put("window_start", windowStart);
      body.put("window_end", windowStart + s.def.windowMs());
      body.put("value", value);
      body.set("rule", rule.toJson());
      body.put("time", now);
      notifier.enqueue(id, s.def.webhook(), body);
    }
  }
}
