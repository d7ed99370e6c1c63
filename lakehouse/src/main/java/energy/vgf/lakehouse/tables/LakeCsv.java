package energy.vgf.lakehouse.tables;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;

/**
 * Loads a CSV file (RFC 4180: header row of column names, comma-separated, double quotes) into a lake table:
 * the site dimension (curated.site), a marginal emission series (curated.marginal_emissions, e.g. exported from
 * WattTime or a balancing authority), prices for back-fills. Timestamps as ISO-8601 instants or epoch millis; an
 * empty cell is null; unknown header columns are an error naming the column.
 */
public final class LakeCsv {

  private LakeCsv() {
  }

  /** Appends the file's rows in one commit; returns the new snapshot id. */
  public static long append(Catalog catalog, TableIdentifier id, Path csv) throws IOException {
    Table table = LakeTables.ensure(catalog, id);
    List<Record> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new IllegalArgumentException(csv + ": empty file, a header row of column names is expected");
      }
      List<String> cols = split(header.replace("\uFEFF", ""));
      for (String c : cols) {
        if (table.schema().findField(c) == null) {
          throw new IllegalArgumentException(csv + ": column " + c + " is not in " + id + " (columns: "
              + table.schema().columns().stream().map(f -> f.name()).toList() + ")");
        }
      }
      String line;
      int n = 1;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        List<String> cells = split(line);
        if (cells.size() != cols.size()) {
          throw new IllegalArgumentException(csv + ":" + n + ": " + cells.size() + " cells, header has " + cols.size());
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < cols.size(); i++) {
          if (!cells.get(i).isEmpty()) {
            String v = cells.get(i);
            node.set(cols.get(i), v.matches("-?\\d+") && isTimestamp(table, cols.get(i))
                ? JsonNodeFactory.instance.numberNode(Long.parseLong(v)) : JsonNodeFactory.instance.textNode(v));
          }
        }
        try {
          rows.add(LakeWriter.fromJson(table.schema(), node));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(csv + ":" + n + ": " + e.getMessage(), e);
        }
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(csv + ": no rows");
    }
    return LakeWriter.append(table, rows);
  }

  private static boolean isTimestamp(Table table, String col) {
    return table.schema().findField(col).type().typeId() == org.apache.iceberg.types.Type.TypeID.TIMESTAMP;
  }

  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(cur.toString().trim());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString().trim());
    return out;
  }
}
