package energy.vgf.flink.lake;

import energy.vgf.flink.config.ConfigException;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The lake's catalog, chosen by properties only ({@code lake.catalog.type=hadoop|rest|jdbc} plus that
 * catalog's own keys), so that the lakehouse issue's REST catalog replaces today's local Hadoop catalog on a
 * {@code file:///} warehouse by configuration, without code changes.
 */
public final class LakeCatalogs {
  private LakeCatalogs() {
  }

  public static CatalogLoader loader(String name, Map<String, String> properties) {
    Map<String, String> p = new HashMap<>(properties);
    String type = p.remove("type");
    if (type == null) {
      type = "hadoop";
    }
    String warehouse = p.get("warehouse");
    if (warehouse != null && !warehouse.contains(":")) {
      // STACK.md: a bare path gives "No factory for location" to readers such as Trino.
      throw new ConfigException("lake.catalog.warehouse", warehouse, "must be a URI such as file:///var/vgf/lake or s3://bucket/lake");
    }
    org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
    return switch (type) {
      case "hadoop" -> CatalogLoader.hadoop(name, hadoop, p);
      case "rest" -> CatalogLoader.rest(name, hadoop, p);
      case "jdbc" -> CatalogLoader.custom(name, p, hadoop, "org.apache.iceberg.jdbc.JdbcCatalog");
      default -> {
        if (type.contains(".")) {
          yield CatalogLoader.custom(name, p, hadoop, type); // a catalog implementation class
        }
        throw new ConfigException("lake.catalog.type", type, "must be hadoop, rest, jdbc or a Catalog class name");
      }
    };
  }
}
