package energy.vgf.serde.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of a registry client, read from the Confluent-style keys that Kafka, Connect and Flink
 * users already know, so that configurations move between this platform and Confluent unchanged.
 */
public record RegistryClientConfig(List<URI> urls, Optional<String> basicAuthUserInfo, Duration timeout) {

  public static final String URL = "schema.registry.url";
  public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String TIMEOUT_MS = "schema.registry.request.timeout.ms";

  public RegistryClientConfig {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException(URL + " is required: the registry's base URL, e.g. http://127.0.0.1:8081");
    }
    urls = List.copyOf(urls);
  }

  public static RegistryClientConfig of(String url) {
    return fromMap(Map.of(URL, url));
  }

  /** Builds the config from a Kafka-style property map, naming the key at fault on bad values. */
  public static RegistryClientConfig fromMap(Map<String, ?> props) {
    Object raw = props.get(URL);
    if (raw == null || raw.toString().isBlank()) {
      throw new IllegalArgumentException(URL + " is required: the registry's base URL, e.g. http://127.0.0.1:8081");
    }
    List<URI> urls = new ArrayList<>();
    for (String part : raw.toString().split(",")) {
      String trimmed = part.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      URI uri = URI.create(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
      if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new IllegalArgumentException(URL + " must be http(s) URLs separated by commas, got '" + trimmed + "'");
      }
      urls.add(uri);
    }
    Optional<String> userInfo = Optional.empty();
    Object source = props.get(BASIC_AUTH_SOURCE);
    Object info = props.get(BASIC_AUTH_USER_INFO);
    if (info != null && !info.toString().isBlank()) {
      if (source != null && !source.toString().equals("USER_INFO")) {
        throw new IllegalArgumentException(BASIC_AUTH_SOURCE + " supports USER_INFO only, got " + source);
      }
      if (!info.toString().contains(":")) {
        throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + " must be user:password");
      }
      userInfo = Optional.of(info.toString());
    }
    Object timeout = props.get(TIMEOUT_MS);
    Duration requestTimeout = Duration.ofSeconds(10);
    if (timeout != null) {
      try {
        requestTimeout = Duration.ofMillis(Long.parseLong(timeout.toString()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(TIMEOUT_MS + " must be a number of milliseconds, got " + timeout);
      }
    }
    return new RegistryClientConfig(urls, userInfo, requestTimeout);
  }

  @Override
  public String toString() {
    // Never print the credentials.
    return "RegistryClientConfig[urls=" + urls + ", basicAuth=" + basicAuthUserInfo.isPresent()
        + ", timeout=" + timeout + "]";
  }
}
