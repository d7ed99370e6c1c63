package energy.vgf.connectors.source;

import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.http.HttpStatusException;
import energy.vgf.connectors.http.HttpUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Whole documents a source publishes as a file or at a URL (an MDMS interval export, a topology file):
 * a local path or file: URI is read from disk, an http(s) URL through the connector's HTTP client with
 * its retries and 429 handling.
 */
public final class Documents {

  private Documents() {}

  /** Accepts an absolute path, a file: URI or an absolute http(s) URL. */
  public static final ConfigDef.Validator LOCATION = new ConfigDef.Validator() {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null || value.toString().isBlank()) {
        throw new ConfigException(name, value, "a file path, file: URI or http(s) URL is required");
      }
      try {
        location(value.toString());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, value, e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "absolute file path, file: URI or http(s) URL";
    }
  };

  public static URI location(String value) {
    String v = value.trim();
    if (v.startsWith("/")) {
      return Path.of(v).toUri();
    }
    URI uri = URI.create(v);
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("file") || scheme.equals("http") || scheme.equals("https"))) {
      throw new IllegalArgumentException("must be an absolute file path, a file: URI or an http(s) URL");
    }
    return uri;
  }

  /**
   * The document's bytes. A missing file counts as a source that is not there yet: the fetch is postponed,
   * as for an unreachable HTTP server.
   */
  public static byte[] read(URI location, HttpFetcher http, Map<String, String> headers)
      throws HttpStatusException, HttpUnavailableException {
    if (location.getScheme().equals("file")) {
      try {
        return Files.readAllBytes(Path.of(location));
      } catch (NoSuchFileException e) {
        throw new HttpUnavailableException("file " + location.getPath() + " does not exist (yet)", Duration.ZERO, e);
      } catch (IOException e) {
        throw new HttpUnavailableException("cannot read " + location.getPath() + ": " + e.getMessage(), Duration.ZERO,
            e);
      }
    }
    return http.get(location, headers).body();
  }

  /** Text for logs and partitions: scheme, host and path, never a query that may hold a key. */
  public static String describe(URI location) {
    return location.getScheme() + "://" + (location.getAuthority() == null ? "" : location.getAuthority())
        + location.getPath();
  }
}
