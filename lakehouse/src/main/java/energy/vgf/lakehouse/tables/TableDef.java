package energy.vgf.lakehouse.tables;

import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * One lake table as the project defines it: schema with column docs, partition spec, sort order, write
 * properties, and why it is laid out that way ({@code doc}, stored as the table {@code comment}).
 */
public record TableDef(TableIdentifier id, Schema schema, PartitionSpec spec, SortOrder sortOrder,
                       Map<String, String> properties, String doc) {

  public String name() {
    return id.toString();
  }
}
