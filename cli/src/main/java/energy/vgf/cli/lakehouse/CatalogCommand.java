package energy.vgf.cli.lakehouse;

import energy.vgf.cli.platform.ServiceLifecycle;
import energy.vgf.lakehouse.catalog.RestCatalogService;
import energy.vgf.lakehouse.tables.LakeTables;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.Catalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./vgf catalog}: the embedded Iceberg REST catalog service (JdbcCatalog on a private SQLite file). */
@Command(name = "catalog", mixinStandardHelpOptions = true, subcommands = LoadCsvCommand.class,
    description = "Iceberg REST catalog on 127.0.0.1 (JdbcCatalog on SQLite); creates the raw, curated and settlement tables.")
public final class CatalogCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8181", description = "port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 = free)")
  int port;

  @Option(names = "--warehouse", defaultValue = "file:///var/tmp/vgf/warehouse",
      description = "warehouse URI with scheme (default ${DEFAULT-VALUE})")
  String warehouse;

  @Option(names = "--db", description = "SQLite catalog file (default: catalog.db in a local warehouse)")
  Path db;

  @Override
  public Integer call() throws Exception {
    ServiceLifecycle life = new ServiceLifecycle();
    RestCatalogService service = life.manage(RestCatalogService.start(port, warehouse, db));
    try (var client = (AutoCloseable & Catalog) service.clientConfig().open()) {
      LakeTables.ensureAll(client);
    }
    System.out.println("Iceberg REST catalog ready at " + service.uri() + " (warehouse " + warehouse + ")");
    System.out.flush();
    life.awaitTermination();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new CatalogCommand()).execute(args));
  }
}
