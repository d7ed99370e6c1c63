package energy.vgf.lakehouse.tables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings an existing table up to its {@link TableDef}, the way Iceberg schema evolution allows without rewriting a
 * file or breaking a reader: missing columns are added (at any depth: structs, list elements, map values), column
 * docs and the table comment follow the definition, missing table properties are added, safe type promotions (int to long, float to double, wider
 * decimal) are applied, and a column the definition makes optional is relaxed. Nothing is ever dropped, renamed or
 * tightened: a column the definition no longer has stays (older rows keep their values), and a column added by the
 * definition as required is added as optional, since existing rows have no value for it (Iceberg v2 has no defaults).
 * Partition specs and sort orders are not changed here: repartitioning is an operator's decision.
 */
final class TableEvolution {

  private static final Logger LOG = LoggerFactory.getLogger(TableEvolution.class);
  /** Set at creation only; Iceberg rejects it as a property update. */
  private static final List<String> RESERVED = List.of("format-version");

  private TableEvolution() {
  }

  static Table evolve(Table table, TableDef def) {
    for (int attempt = 1; ; attempt++) {
      try {
        evolveSchema(table, def);
        evolveProperties(table, def);
        return table;
      } catch (CommitFailedException raced) {
        // Another writer evolved (or wrote) it concurrently: reload and compare again.
        if (attempt == 3) {
          throw raced;
        }
        table.refresh();
      }
    }
  }

  private static void evolveSchema(Table table, TableDef def) {
    List<String> changes = new ArrayList<>();
    UpdateSchema update = table.updateSchema();
    diff(update, null, table.schema().asStruct(), def.schema().asStruct(), changes);
    if (!changes.isEmpty()) {
      update.commit();
      table.refresh();
      LOG.info("evolved {}: {}", def.id(), changes);
    }
  }

  private static void diff(UpdateSchema update, String parent, Types.StructType current, Types.StructType wanted,
                           List<String> changes) {
    for (Types.NestedField want : wanted.fields()) {
      String path = parent == null ? want.name() : parent + "." + want.name();
      Types.NestedField have = current.field(want.name());
      if (have == null) {
        // Iceberg reassigns the new type's nested ids; the column is optional whatever the definition says.
        update.addColumn(parent, want.name(), want.type(), want.doc());
        changes.add("+" + path);
        continue;
      }
      if (!Objects.equals(have.doc(), want.doc()) && want.doc() != null) {
        update.updateColumnDoc(path, want.doc());
        changes.add("doc " + path);
      }
      if (have.isRequired() && want.isOptional()) {
        update.makeColumnOptional(path);
        changes.add("optional " + path);
      }
      Type from = have.type();
      Type to = want.type();
      if (from.isPrimitiveType() && to.isPrimitiveType()) {
        if (!from.equals(to) && TypeUtil.isPromotionAllowed(from, to.asPrimitiveType())) {
          update.updateColumn(path, to.asPrimitiveType());
          changes.add(path + " " + from + "->" + to);
        }
      } else if (from.isStructType() && to.isStructType()) {
        diff(update, path, from.asStructType(), to.asStructType(), changes);
      } else if (from.isListType() && to.isListType()) {
        nested(update, path + ".element", from.asListType().elementType(), to.asListType().elementType(), changes);
      } else if (from.isMapType() && to.isMapType()) {
        nested(update, path + ".value", from.asMapType().valueType(), to.asMapType().valueType(), changes);
      }
    }
  }

  private static void nested(UpdateSchema update, String path, Type from, Type to, List<String> changes) {
    if (from.isStructType() && to.isStructType()) {
      diff(update, path, from.asStructType(), to.asStructType(), changes);
    } else if (from.isPrimitiveType() && to.isPrimitiveType() && !from.equals(to)
        && TypeUtil.isPromotionAllowed(from, to.asPrimitiveType())) {
      update.updateColumn(path, to.asPrimitiveType());
      changes.add(path + " " + from + "->" + to);
    }
  }

  private static void evolveProperties(Table table, TableDef def) {
    UpdateProperties update = table.updateProperties();
    boolean changed = false;
    for (Map.Entry<String, String> p : def.properties().entrySet()) {
      String have = table.properties().get(p.getKey());
      // The comment follows the definition; other properties are only added when missing, so an operator's tuning
      // (file sizes, metadata retention) survives.
      boolean stale = have == null || (p.getKey().equals("comment") && !p.getValue().equals(have));
      if (!RESERVED.contains(p.getKey()) && stale) {
        update.set(p.getKey(), p.getValue());
        changed = true;
      }
    }
    if (changed) {
      update.commit();
      table.refresh();
    }
  }
}
