package energy.vgf.cli.lakehouse;

import energy.vgf.lakehouse.catalog.LakeCatalogConfig;
import energy.vgf.settlement.SettlementConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Option;

/**
 * The lake's catalog and settlement configuration: a YAML file ({@code catalog.*} keys, {@code programs},
 * {@code contracts}, {@code report}) overridden by command-line options.
 */
public final class LakeOptions {

  @Option(names = "--config", description = "YAML file with catalog.*, programs, contracts, report")
  Path config;

  @Option(names = "--catalog-type", description = "rest (default) or jdbc")
  String catalogType;

  @Option(names = "--catalog-uri", description = "REST base URL (default http://127.0.0.1:8181) or jdbc:postgresql://...")
  String catalogUri;

  @Option(names = "--warehouse", description = "warehouse URI (file:///...), required for jdbc")
  String warehouse;

  Map<String, Object> file() throws IOException {
    if (config == null) {
      return new HashMap<>();
    }
    try (Reader in = Files.newBufferedReader(config)) {
      Map<String, Object> m = new Yaml().load(in);
      return m == null ? new HashMap<>() : new HashMap<>(m);
    }
  }

  public LakeCatalogConfig catalog() throws IOException {
    Map<String, Object> values = new HashMap<>();
    file().forEach((k, v) -> {
      if (k.startsWith("catalog.")) {
        values.put(k, v);
      }
    });
    Object nested = file().get("catalog");
    if (nested instanceof Map<?, ?> m) {
      m.forEach((k, v) -> values.put("catalog." + k, v));
    }
    if (catalogType != null) {
      values.put(LakeCatalogConfig.TYPE, catalogType);
    }
    if (catalogUri != null) {
      values.put(LakeCatalogConfig.URI, catalogUri);
    }
    if (warehouse != null) {
      values.put(LakeCatalogConfig.WAREHOUSE, warehouse);
    }
    return LakeCatalogConfig.fromMap(values);
  }

  public SettlementConfig settlement() throws IOException {
    return SettlementConfig.fromMap(file());
  }
}
