package energy.vgf.lakehouse.catalog;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * Which Iceberg catalog every writer, job and Trino uses: configuration, not code.
 *
 * <ul>
 *   <li>{@code REST} (embedded default): the project's REST catalog service ({@link RestCatalogService}) or
 *       any production REST catalog (Polaris, Nessie, Glue, ...). {@code uri} is its base URL.</li>
 *   <li>{@code JDBC} (production-like): Iceberg's JdbcCatalog on PostgreSQL, shared by every process.
 *       {@code uri} is the JDBC URL; {@code warehouse} is required (JdbcCatalog refuses to start without it);
 *       Trino's {@code iceberg.jdbc-catalog.catalog-name} must equal {@code name}.</li>
 * </ul>
 *
 * <p>Keys (file or CLI): {@code catalog.type}, {@code catalog.name}, {@code catalog.uri},
 * {@code catalog.warehouse}, {@code catalog.jdbc.user}, {@code catalog.jdbc.password}.
 */
public record LakeCatalogConfig(Kind kind, String name, String uri, String warehouse, String jdbcUser,
                                String jdbcPassword) {

  public enum Kind { REST, JDBC }

  public static final String TYPE = "catalog.type";
  public static final String NAME = "catalog.name";
  public static final String URI = "catalog.uri";
  public static final String WAREHOUSE = "catalog.warehouse";
  public static final String JDBC_USER = "catalog.jdbc.user";
  public static final String JDBC_PASSWORD = "catalog.jdbc.password";

  public static final String DEFAULT_NAME = "vgf";
  public static final String DEFAULT_REST_URI = "http://127.0.0.1:8181";

  public LakeCatalogConfig {
    if (kind == null) {
      throw new CatalogConfigException(TYPE, null, "one of rest, jdbc");
    }
    if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
      throw new CatalogConfigException(NAME, name, "lower-case identifier [a-z][a-z0-9_]* (Trino catalog name)");
    }
    if (kind == Kind.REST && (uri == null || !uri.matches("https?://.+"))) {
      throw new CatalogConfigException(URI, uri, "the REST catalog base URL, e.g. " + DEFAULT_REST_URI);
    }
    if (kind == Kind.JDBC) {
      if (uri == null || !uri.startsWith("jdbc:postgresql:")) {
        throw new CatalogConfigException(URI, uri, "a PostgreSQL JDBC URL jdbc:postgresql://host:port/db "
            + "(SQLite is only for the REST service's private file: it cannot be shared between processes)");
      }
      if (warehouse == null) {
        throw new CatalogConfigException(WAREHOUSE, null, "required for the JDBC catalog, e.g. file:///var/lib/vgf/warehouse");
      }
    }
    if (warehouse != null && !warehouse.matches("[a-z][a-z0-9+.-]*://.*")) {
      throw new CatalogConfigException(WAREHOUSE, warehouse,
          "a URI with a scheme (file:///abs/path, s3://bucket/path): Trino cannot resolve a bare path");
    }
  }

  public static LakeCatalogConfig rest(String uri) {
    return new LakeCatalogConfig(Kind.REST, DEFAULT_NAME, uri, null, null, null);
  }

  public static LakeCatalogConfig jdbc(String jdbcUrl, String warehouse, String user, String password) {
    return new LakeCatalogConfig(Kind.JDBC, DEFAULT_NAME, jdbcUrl, warehouse, user, password);
  }

  /** Reads the {@code catalog.*} keys; defaults to the embedded REST service on 127.0.0.1:8181. */
  public static LakeCatalogConfig fromMap(Map<String, ?> values) {
    String type = str(values, TYPE, "rest");
    Kind kind;
    try {
      kind = Kind.valueOf(type.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CatalogConfigException(TYPE, type, "one of rest, jdbc");
    }
    return new LakeCatalogConfig(kind, str(values, NAME, DEFAULT_NAME),
        str(values, URI, kind == Kind.REST ? DEFAULT_REST_URI : null), str(values, WAREHOUSE, null),
        str(values, JDBC_USER, null), str(values, JDBC_PASSWORD, null));
  }

  private static String str(Map<String, ?> values, String key, String dflt) {
    Object v = values.get(key);
    return v == null ? dflt : v.toString();
  }

  /** Iceberg catalog properties (for CatalogUtil, Flink's CatalogLoader and Kafka Connect's iceberg.catalog.*). */
  public Map<String, String> icebergProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(CatalogProperties.URI, uri);
    if (warehouse != null) {
      p.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
    }
    if (kind == Kind.REST) {
      p.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_REST);
    } else {
      p.put(CatalogProperties.CATALOG_IMPL, "org.apache.iceberg.jdbc.JdbcCatalog");
      // V1 adds the record-type column, so the same tables also hold views.
      p.put("jdbc.schema-version", "V1");
      if (jdbcUser != null) {
        p.put("jdbc.user", jdbcUser);
      }
      if (jdbcPassword != null) {
        p.put("jdbc.password", jdbcPassword);
      }
    }
    return p;
  }

  public Catalog open() {
    return CatalogUtil.buildIcebergCatalog(name, icebergProperties(), new Configuration());
  }

  /** Serializable loader for Flink's Iceberg source and sink. */
  public CatalogLoader loader() {
    Configuration conf = new Configuration();
    return kind == Kind.REST
        ? CatalogLoader.rest(name, conf, icebergProperties())
        : CatalogLoader.custom(name, icebergProperties(), conf, "org.apache.iceberg.jdbc.JdbcCatalog");
  }

  /** The Trino Iceberg connector's catalog file for this catalog, local files read through {@code file:///}. */
  public Map<String, String> trinoCatalogProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("connector.name", "iceberg");
    if (kind == Kind.REST) {
      p.put("iceberg.catalog.type", "rest");
      p.put("iceberg.rest-catalog.uri", uri);
    } else {
      p.put("iceberg.catalog.type", "jdbc");
      p.put("iceberg.jdbc-catalog.driver-class", "org.postgresql.Driver");
      p.put("iceberg.jdbc-catalog.connection-url", uri);
      // Must equal the Java side's catalog name: JdbcCatalog keys every row by it.
      p.put("iceberg.jdbc-catalog.catalog-name", name);
      p.put("iceberg.jdbc-catalog.default-warehouse-dir", warehouse);
      if (jdbcUser != null) {
        p.put("iceberg.jdbc-catalog.connection-user", jdbcUser);
      }
      if (jdbcPassword != null) {
        p.put("iceberg.jdbc-catalog.connection-password", jdbcPassword);
      }
    }
    // Verified here: exactly "/" (another value makes Trino resolve file:/// paths under it).
    p.put("fs.native-local.enabled", "true");
    p.put("local.location", "/");
    return p;
  }

  @Override
  public String toString() {
    // never print the password
    return "LakeCatalogConfig[" + kind + " " + name + " " + uri + (warehouse == null ? "" : " " + warehouse) + "]";
  }
}
