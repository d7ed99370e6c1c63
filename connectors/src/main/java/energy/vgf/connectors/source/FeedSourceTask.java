package energy.vgf.connectors.source;

import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.http.HttpStatusException;
import energy.vgf.connectors.http.HttpUnavailableException;
import energy.vgf.connectors.http.Pause;
import energy.vgf.ops.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling loop every VGF source shares: reads its feeds page by page, resumes from the stored
 * {token, skip} offsets, waits the poll interval once caught up, postpones fetches while a source is
 * unavailable, and writes what cannot be mapped to the dead-letter topic.
 *
 * <p>Dead letters are produced by the task itself rather than by Connect's errors.tolerance: for source
 * connectors Connect only tolerates converter and transform failures and has no dead-letter queue
 * (errors.deadletterqueue.* is for sink connectors), and the mapping happens before either.
 */
public abstract class FeedSourceTask extends SourceTask {

  static final String OFFSET_TOKEN = "token";
  static final String OFFSET_SKIP = "skip";
  private static final Duration MAX_IDLE_WAIT = Duration.ofSeconds(1);

  private final Logger log = LoggerFactory.getLogger(getClass());
  private final Clock clock = Clock.systemUTC();
  private final Pause pause = new Pause();
  private final List<FeedState> feeds = new ArrayList<>();
  private CommonConfig.Settings settings;
  private ConnectorMetrics metrics;
  private String stage;
  private Schema valueSchema;

  /** The connector's ConfigDef (the shared keys plus its own). */
  protected abstract ConfigDef configDef();

  /** Connector name for dead letters and logs, e.g. "samsara". */
  protected abstract String sourceName();

  /** The Avro contract of the output topic. */
  protected abstract org.apache.avro.Schema valueContract();

  /** Opens the task's feeds from its configuration. */
  protected abstract List<FeedReader> openFeeds(AbstractConfig config, CommonConfig.Settings settings,
      HttpFetcher http);

  @Override
  public String version() {
    return FeedSourceConnector.VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    AbstractConfig config = new AbstractConfig(configDef(), props);
    settings = CommonConfig.Settings.from(config);
    metrics = new ConnectorMetrics(context == null ? null : context.pluginMetrics());
    stage = "connector:" + sourceName();
    valueSchema = ContractSchemas.connectSchema(valueContract());
    HttpFetcher http = new HttpFetcher(settings.http(), pause, metrics);
    List<FeedReader> readers = openFeeds(config, settings, http);
    List<Map<String, String>> partitions = readers.stream().map(FeedReader::partition).toList();
    Map<Map<String, String>, Map<String, Object>> stored = context == null ? Map.of()
        : context.offsetStorageReader().offsets(partitions);
    Instant now = clock.instant();
    for (FeedReader reader : readers) {
      Map<String, Object> offset = stored == null ? null : stored.get(reader.partition());
      FeedState state = new FeedState(reader);
      if (offset != null && offset.get(OFFSET_TOKEN) != null) {
        state.token = offset.get(OFFSET_TOKEN).toString();
        state.skip = ((Number) offset.getOrDefault(OFFSET_SKIP, 0L)).intValue();
        log.info("{}: resuming {} at token {} after {} item(s)", sourceName(), reader.partition(), state.token,
            state.skip);
      } else {
        state.token = reader.initialToken();
        log.info("{}: starting {} at token {}", sourceName(), reader.partition(), state.token);
      }
      state.dueAt = now;
      feeds.add(state);
    }
  }

  @Override
  public List<SourceRecord> poll() {
    if (feeds.isEmpty()) {
      pause.await(MAX_IDLE_WAIT);
      return null;
    }
    FeedState feed = feeds.stream().min(Comparator.comparing(f -> f.dueAt)).orElseThrow();
    Duration wait = Duration.between(clock.instant(), feed.dueAt);
    if (wait.compareTo(Duration.ZERO) > 0) {
      pause.await(wait.compareTo(MAX_IDLE_WAIT) > 0 ? MAX_IDLE_WAIT : wait);
      return null;
    }
    if (pause.stopped()) {
      return null;
    }
    Page page;
    try {
      page = feed.reader.fetch(feed.token);
    } catch (MalformedPayloadException e) {
      feed.dueAt = clock.instant().plus(settings.pollInterval());
      if (feed.token.equals(feed.deadLetteredToken)) {
        return null; // already reported for this token; retry quietly until the source serves a good page
      }
      feed.deadLetteredToken = feed.token;
      log.warn("{}: {} at token {} is malformed ({}); written to {}, retrying in {} ms", sourceName(),
          feed.reader.partition(), feed.token, e.getMessage(), settings.deadLetterTopic(),
          settings.pollInterval().toMillis());
      return List.of(deadLetter(feed, feed.skip, new FeedItem.Rejected(e.raw(), e.getMessage(),
          e.getClass().getName())));
    } catch (HttpUnavailableException e) {
      metrics.fetchFailures.incrementAndGet();
      Duration delay = e.retryAfter().compareTo(settings.pollInterval()) > 0 ? e.retryAfter() : settings.pollInterval();
      feed.dueAt = clock.instant().plus(delay);
      log.warn("{}: {} unavailable ({}); next attempt in {} ms", sourceName(), feed.reader.partition(),
          e.getMessage(), delay.toMillis());
      return null;
    } catch (HttpStatusException e) {
      if (e.isAuthFailure()) {
        throw new ConnectException(sourceName() + ": the source refused the credentials (HTTP " + e.status()
            + " from " + e.uri() + "); fix them in the connector configuration and restart the task");
      }
      metrics.fetchFailures.incrementAndGet();
      feed.dueAt = clock.instant().plus(settings.pollInterval());
      log.warn("{}: {} answered {}; next attempt in {} ms", sourceName(), feed.reader.partition(), e.getMessage(),
          settings.pollInterval().toMillis());
      return null;
    }
    metrics.lastSuccessfulFetchMs.set(clock.millis());
    List<SourceRecord> records = new ArrayList<>();
    List<FeedItem> items = page.items();
    boolean sameToken = page.nextToken().equals(feed.token);
    if (page.newVersion() && !sameToken) {
      feed.skip = 0;
    }
    for (int i = feed.skip; i < items.size(); i++) {
      boolean last = i == items.size() - 1;
      Map<String, Object> offset = last && !sameToken
          ? offset(page.nextToken(), 0)
          : offset(feed.token, i + 1);
      FeedItem item = items.get(i);
      if (item instanceof FeedItem.Mapped m) {
        records.add(new SourceRecord(feed.reader.partition(), offset, settings.topic(), null,
            Schema.STRING_SCHEMA, m.key(), valueSchema, ContractSchemas.struct(m.value()),
            m.timestamp() == null ? null : m.timestamp().toEpochMilli()));
        metrics.recordsMapped.incrementAndGet();
      } else if (item instanceof FeedItem.Rejected r) {
        log.warn("{}: item {} of {} at token {} cannot be mapped: {}", sourceName(), i, feed.reader.partition(),
            feed.token, r.reason());
        records.add(deadLetterRecord(feed.reader.partition(), offset, r));
      }
    }
    if (sameToken) {
      feed.skip = Math.max(feed.skip, items.size());
    } else {
      feed.token = page.nextToken();
      feed.skip = 0;
      feed.deadLetteredToken = null;
    }
    feed.dueAt = page.more() ? clock.instant() : clock.instant().plus(settings.pollInterval());
    return records.isEmpty() ? null : records;
  }

  private SourceRecord deadLetter(FeedState feed, int skip, FeedItem.Rejected r) {
    return deadLetterRecord(feed.reader.partition(), offset(feed.token, skip), r);
  }

  private SourceRecord deadLetterRecord(Map<String, String> partition, Map<String, Object> offset,
      FeedItem.Rejected r) {
    if (settings.deadLetterTopic() == null || settings.deadLetterTopic().isBlank()) {
      throw new ConnectException(sourceName() + ": cannot map a payload (" + r.reason()
          + ") and no dead.letter.topic is configured");
    }
    DeadLetter dl = DeadLetter.newBuilder()
        .setSourceTopic(settings.topic())
        .setPartition(-1)
        .setOffset(-1L)
        .setRawKey(null)
        .setRaw(r.raw() == null ? null : ByteBuffer.wrap(r.raw().getBytes(StandardCharsets.UTF_8)))
        .setError(r.reason() == null ? "unknown" : r.reason())
        .setErrorClass(r.errorClass())
        .setStage(stage)
        .setTs(clock.instant())
        .build();
    metrics.recordsDeadLettered.incrementAndGet();
    return new SourceRecord(partition, offset, settings.deadLetterTopic(), null, Schema.STRING_SCHEMA,
        settings.topic(), ContractSchemas.connectSchema(DeadLetter.getClassSchema()), ContractSchemas.struct(dl),
        clock.millis());
  }

  private static Map<String, Object> offset(String token, long skip) {
    Map<String, Object> o = new HashMap<>();
    o.put(OFFSET_TOKEN, token);
    o.put(OFFSET_SKIP, skip);
    return o;
  }

  @Override
  public void stop() {
    pause.stop();
  }

  /** The task's metrics, for tests. */
  ConnectorMetrics metrics() {
    return metrics;
  }

  private static final class FeedState {
    final FeedReader reader;
    String token;
    int skip;
    Instant dueAt;
    String deadLetteredToken;

    FeedState(FeedReader reader) {
      this.reader = reader;
    }
  }
}
