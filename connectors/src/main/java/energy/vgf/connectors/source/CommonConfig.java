package energy.vgf.connectors.source;

import energy.vgf.connectors.http.HttpSettings;
import energy.vgf.schemas.Topics;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The configuration keys every VGF source connector shares, in the kafka-connect-jdbc style: per key a
 * name constant, a doc, a default, a validator, importance, group and display name.
 */
public final class CommonConfig {

  public static final String GROUP_CONNECTION = "Connection";
  public static final String GROUP_POLLING = "Polling";
  public static final String GROUP_HTTP = "HTTP";
  public static final String GROUP_OUTPUT = "Output";
  public static final String GROUP_MAPPING = "Mapping";

  public static final String BASE_URL_CONFIG = "base.url";
  private static final String BASE_URL_DOC = "Base URL of the source API (scheme, host and optional path prefix).";
  private static final String BASE_URL_DISPLAY = "API base URL";

  public static final String POLL_INTERVAL_MS_CONFIG = "poll.interval.ms";
  private static final String POLL_INTERVAL_MS_DOC = "How long a task waits before asking the source again once it "
      + "has caught up (no further page). Pages that report more data are fetched immediately.";
  private static final String POLL_INTERVAL_MS_DISPLAY = "Poll interval (ms)";

  public static final String TOPIC_CONFIG = "topic";
  private static final String TOPIC_DOC = "Topic the mapped records are written to (a topic of schemas/topics.yaml).";
  private static final String TOPIC_DISPLAY = "Output topic";

  public static final String DEAD_LETTER_TOPIC_CONFIG = "dead.letter.topic";
  private static final String DEAD_LETTER_TOPIC_DOC = "Topic for payloads that cannot be mapped, written as "
      + "energy.vgf.ops.DeadLetter records with the raw payload and the reason. Empty: such payloads fail the task.";
  public static final String DEAD_LETTER_TOPIC_DEFAULT = Topics.DEAD_LETTER;
  private static final String DEAD_LETTER_TOPIC_DISPLAY = "Dead-letter topic";

  public static final String HTTP_CONNECT_TIMEOUT_MS_CONFIG = "http.connect.timeout.ms";
  private static final String HTTP_CONNECT_TIMEOUT_MS_DOC = "TCP connect timeout of one HTTP attempt.";
  public static final long HTTP_CONNECT_TIMEOUT_MS_DEFAULT = 10_000;

  public static final String HTTP_REQUEST_TIMEOUT_MS_CONFIG = "http.request.timeout.ms";
  private static final String HTTP_REQUEST_TIMEOUT_MS_DOC = "Timeout of one HTTP attempt, until the whole response is read.";
  public static final long HTTP_REQUEST_TIMEOUT_MS_DEFAULT = 30_000;

  public static final String HTTP_MAX_RETRIES_CONFIG = "http.max.retries";
  private static final String HTTP_MAX_RETRIES_DOC = "Retries after the first attempt for 5xx, 408, 429 and I/O "
      + "errors. When they are spent the fetch is postponed to the next poll interval; the task keeps running.";
  public static final int HTTP_MAX_RETRIES_DEFAULT = 5;

  public static final String HTTP_BACKOFF_INITIAL_MS_CONFIG = "http.backoff.initial.ms";
  private static final String HTTP_BACKOFF_INITIAL_MS_DOC = "First retry backoff; it doubles per retry, with "
      + "jitter (half fixed, half random).";
  public static final long HTTP_BACKOFF_INITIAL_MS_DEFAULT = 500;

  public static final String HTTP_BACKOFF_MAX_MS_CONFIG = "http.backoff.max.ms";
  private static final String HTTP_BACKOFF_MAX_MS_DOC = "Cap of one retry backoff.";
  public static final long HTTP_BACKOFF_MAX_MS_DEFAULT = 30_000;

  public static final String HTTP_RETRY_AFTER_MAX_MS_CONFIG = "http.retry.after.max.ms";
  private static final String HTTP_RETRY_AFTER_MAX_MS_DOC = "Longest Retry-After (429/503) a task waits inline; "
      + "a longer one postpones the fetch by the time the server asked for.";
  public static final long HTTP_RETRY_AFTER_MAX_MS_DEFAULT = 60_000;

  public static final String HTTP_MIN_REQUEST_INTERVAL_MS_CONFIG = "http.min.request.interval.ms";
  private static final String HTTP_MIN_REQUEST_INTERVAL_MS_DOC = "Least time between two requests of a task, for "
      + "APIs with an acceptable-use rate (CAISO OASIS: about one request per 5 s).";

  public static final String HTTP_USER_AGENT_CONFIG = "http.user.agent";
  private static final String HTTP_USER_AGENT_DOC = "User-Agent header. NWS requires one that identifies the "
      + "application and a contact, e.g. '(vgf.example.com, ops@example.com)'.";
  public static final String HTTP_USER_AGENT_DEFAULT = "vgf-connectors/0.1 (+https://github.com/vgf)";

  private CommonConfig() {}

  /**
   * A ConfigDef with the shared keys, with the defaults of one source. A null defaultBaseUrl leaves base.url out,
   * for sources that name a document (file or URL) with a key of their own.
   */
  public static ConfigDef base(String defaultBaseUrl, String defaultTopic, long defaultPollIntervalMs,
      long defaultMinRequestIntervalMs) {
    ConfigDef def = new ConfigDef();
    int c = 0;
    if (defaultBaseUrl != null) {
      def.define(BASE_URL_CONFIG, Type.STRING, defaultBaseUrl, new UrlValidator(), Importance.HIGH, BASE_URL_DOC,
          GROUP_CONNECTION, ++c, Width.LONG, BASE_URL_DISPLAY);
    }
    def.define(POLL_INTERVAL_MS_CONFIG, Type.LONG, defaultPollIntervalMs, Range.atLeast(100), Importance.MEDIUM,
        POLL_INTERVAL_MS_DOC, GROUP_POLLING, 1, Width.SHORT, POLL_INTERVAL_MS_DISPLAY);
    int o = 0;
    def.define(TOPIC_CONFIG, Type.STRING, defaultTopic, new ConfigDef.NonEmptyString(), Importance.HIGH, TOPIC_DOC,
        GROUP_OUTPUT, ++o, Width.MEDIUM, TOPIC_DISPLAY);
    def.define(DEAD_LETTER_TOPIC_CONFIG, Type.STRING, DEAD_LETTER_TOPIC_DEFAULT, Importance.MEDIUM,
        DEAD_LETTER_TOPIC_DOC, GROUP_OUTPUT, ++o, Width.MEDIUM, DEAD_LETTER_TOPIC_DISPLAY);
    int h = 0;
    def.define(HTTP_CONNECT_TIMEOUT_MS_CONFIG, Type.LONG, HTTP_CONNECT_TIMEOUT_MS_DEFAULT, Range.atLeast(1),
        Importance.LOW, HTTP_CONNECT_TIMEOUT_MS_DOC, GROUP_HTTP, ++h, Width.SHORT, "Connect timeout (ms)");
    def.define(HTTP_REQUEST_TIMEOUT_MS_CONFIG, Type.LONG, HTTP_REQUEST_TIMEOUT_MS_DEFAULT, Range.atLeast(1),
        Importance.LOW, HTTP_REQUEST_TIMEOUT_MS_DOC, GROUP_HTTP, ++h, Width.SHORT, "Request timeout (ms)");
    def.define(HTTP_MAX_RETRIES_CONFIG, Type.INT, HTTP_MAX_RETRIES_DEFAULT, Range.between(0, 100), Importance.LOW,
        HTTP_MAX_RETRIES_DOC, GROUP_HTTP, ++h, Width.SHORT, "Max retries");
    def.define(HTTP_BACKOFF_INITIAL_MS_CONFIG, Type.LONG, HTTP_BACKOFF_INITIAL_MS_DEFAULT, Range.atLeast(0),
        Importance.LOW, HTTP_BACKOFF_INITIAL_MS_DOC, GROUP_HTTP, ++h, Width.SHORT, "Initial backoff (ms)");
    def.define(HTTP_BACKOFF_MAX_MS_CONFIG, Type.LONG, HTTP_BACKOFF_MAX_MS_DEFAULT, Range.atLeast(0),
        Importance.LOW, HTTP_BACKOFF_MAX_MS_DOC, GROUP_HTTP, ++h, Width.SHORT, "Max backoff (ms)");
    def.define(HTTP_RETRY_AFTER_MAX_MS_CONFIG, Type.LONG, HTTP_RETRY_AFTER_MAX_MS_DEFAULT, Range.atLeast(0),
        Importance.LOW, HTTP_RETRY_AFTER_MAX_MS_DOC, GROUP_HTTP, ++h, Width.SHORT, "Max inline Retry-After (ms)");
    def.define(HTTP_MIN_REQUEST_INTERVAL_MS_CONFIG, Type.LONG, defaultMinRequestIntervalMs, Range.atLeast(0),
        Importance.LOW, HTTP_MIN_REQUEST_INTERVAL_MS_DOC, GROUP_HTTP, ++h, Width.SHORT, "Min request interval (ms)");
    def.define(HTTP_USER_AGENT_CONFIG, Type.STRING, HTTP_USER_AGENT_DEFAULT, new ConfigDef.NonEmptyString(),
        Importance.LOW, HTTP_USER_AGENT_DOC, GROUP_HTTP, ++h, Width.LONG, "User-Agent");
    return def;
  }

  /** The shared keys, read. */
  public record Settings(URI baseUrl, Duration pollInterval, String topic, String deadLetterTopic, HttpSettings http) {

    public static Settings from(AbstractConfig config) {
      HttpSettings http = new HttpSettings(
          Duration.ofMillis(config.getLong(HTTP_CONNECT_TIMEOUT_MS_CONFIG)),
          Duration.ofMillis(config.getLong(HTTP_REQUEST_TIMEOUT_MS_CONFIG)),
          config.getInt(HTTP_MAX_RETRIES_CONFIG),
          Duration.ofMillis(config.getLong(HTTP_BACKOFF_INITIAL_MS_CONFIG)),
          Duration.ofMillis(Math.max(config.getLong(HTTP_BACKOFF_MAX_MS_CONFIG),
              config.getLong(HTTP_BACKOFF_INITIAL_MS_CONFIG))),
          Duration.ofMillis(config.getLong(HTTP_RETRY_AFTER_MAX_MS_CONFIG)),
          Duration.ofMillis(config.getLong(HTTP_MIN_REQUEST_INTERVAL_MS_CONFIG)),
          config.getString(HTTP_USER_AGENT_CONFIG));
      String base = config.values().containsKey(BASE_URL_CONFIG) ? config.getString(BASE_URL_CONFIG) : null;
      return new Settings(base == null ? null : URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base),
          Duration.ofMillis(config.getLong(POLL_INTERVAL_MS_CONFIG)), config.getString(TOPIC_CONFIG),
          config.getString(DEAD_LETTER_TOPIC_CONFIG), http);
    }
  }

  /** Accepts absolute http(s) URLs. */
  public static final class UrlValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null) {
        return;
      }
      try {
        URI uri = new URI(value.toString());
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
            || uri.getHost() == null) {
          throw new ConfigException(name, value, "must be an absolute http(s) URL");
        }
      } catch (URISyntaxException e) {
        throw new ConfigException(name, value, "must be an absolute http(s) URL: " + e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "absolute http(s) URL";
    }
  }

  /** An ISO date (YYYY-MM-DD) or empty: the start/end dates of the market connectors' backfills. */
  public static final class OptionalDateValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null || value.toString().isEmpty()) {
        return;
      }
      try {
        LocalDate.parse(value.toString());
      } catch (DateTimeParseException e) {
        throw new ConfigException(name, value, "must be a date YYYY-MM-DD or empty");
      }
    }

    @Override
    public String toString() {
      return "date YYYY-MM-DD or empty";
    }
  }

  /** Recommends a fixed set of values and validates against it (case-sensitive). */
  public record Choice(List<String> values) implements ConfigDef.Recommender, ConfigDef.Validator {

    public static Choice of(String... values) {
      return new Choice(List.of(values));
    }

    @Override
    public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
      return List.copyOf(values);
    }

    @Override
    public boolean visible(String name, Map<String, Object> parsedConfig) {
      return true;
    }

    @Override
    public void ensureValid(String name, Object value) {
      if (value instanceof List<?> list) {
        for (Object v : list) {
          ensureValid(name, v);
        }
      } else if (value != null && !values.contains(value.toString())) {
        throw new ConfigException(name, value, "must be one of " + values);
      }
    }

    @Override
    public String toString() {
      return String.join(", ", values);
    }
  }

  /** Parses "a=b,c=d" list entries into a map, naming the key and entry on error. */
  public static Map<String, String> pairs(String key, List<String> entries) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String e : entries) {
      int eq = e.indexOf('=');
      if (eq <= 0 || eq == e.length() - 1) {
        throw new ConfigException(key, entries, "entry '" + e + "' is not of the form source=platform");
      }
      out.put(e.substring(0, eq).trim(), e.substring(eq + 1).trim());
    }
    return out;
  }
}
