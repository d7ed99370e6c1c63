package energy.vgf.cli.lakehouse;

import energy.vgf.lakehouse.tables.LakeCsv;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./vgf catalog load --table curated.marginal_emissions --csv mer.csv}: appends a CSV file to a lake table. */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Append a CSV file (header = column names) to a lake table, e.g. curated.site or curated.marginal_emissions.")
public final class LoadCsvCommand implements Callable<Integer> {

  @Mixin
  LakeOptions lake = new LakeOptions();

  @Option(names = "--table", required = true, description = "namespace.table, e.g. curated.marginal_emissions")
  String table;

  @Option(names = "--csv", required = true, description = "CSV file")
  Path csv;

  @Override
  public Integer call() throws Exception {
    try (var catalog = (AutoCloseable & Catalog) lake.catalog().open()) {
      long snapshot = LakeCsv.append(catalog, TableIdentifier.parse(table), csv);
      System.out.println("loaded " + csv + " into " + table + " (snapshot " + snapshot + ")");
    }
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadCsvCommand()).execute(args));
  }
}
