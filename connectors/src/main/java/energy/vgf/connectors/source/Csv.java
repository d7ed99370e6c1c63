package energy.vgf.connectors.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 4180 CSV: quoted fields may hold the delimiter, quotes ("") and line breaks. Rows come back as
 * header-to-value maps with their line number, so errors can name the line.
 */
public final class Csv {

  /** One data row: its 1-based line number in the file, the raw line and its fields by header. */
  public record Row(int line, String raw, Map<String, String> fields) {
    public String get(String column) {
      return fields.get(column);
    }
  }

  private Csv() {}

  public static List<Row> parse(String text, char delimiter) {
    List<List<String>> records = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    List<String> raws = new ArrayList<>();
    List<String> current = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    StringBuilder raw = new StringBuilder();
    boolean quoted = false;
    int line = 1;
    int startLine = 1;
    String s = text.startsWith("\uFEFF") ? text.substring(1) : text; // a UTF-8 BOM, as Excel writes it
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (quoted) {
        raw.append(ch);
        if (ch == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
          field.append('"');
          raw.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          if (ch == '\n') {
            line++;
          }
          field.append(ch);
        }
      } else if (ch == '"' && field.length() == 0) {
        quoted = true;
        raw.append(ch);
      } else if (ch == delimiter) {
        current.add(field.toString());
        field.setLength(0);
        raw.append(ch);
      } else if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
          i++;
        }
        current.add(field.toString());
        field.setLength(0);
        if (!(current.size() == 1 && current.get(0).isBlank())) {
          records.add(current);
          lines.add(startLine);
          raws.add(raw.toString());
        }
        current = new ArrayList<>();
        raw.setLength(0);
        line++;
        startLine = line;
      } else {
        field.append(ch);
        raw.append(ch);
      }
    }
    if (field.length() > 0 || !current.isEmpty()) {
      current.add(field.toString());
      records.add(current);
      lines.add(startLine);
      raws.add(raw.toString());
    }
    if (records.isEmpty()) {
      throw new MappingException("CSV has no header line");
    }
    List<String> header = records.get(0).stream().map(String::trim).toList();
    List<Row> rows = new ArrayList<>();
    for (int r = 1; r < records.size(); r++) {
      List<String> f = records.get(r);
      Map<String, String> m = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        m.put(header.get(c), c < f.size() ? f.get(c) : null);
      }
      rows.add(new Row(lines.get(r), raws.get(r), m));
    }
    return rows;
  }

  /** The header line's column names. */
  public static List<String> header(String text, char delimiter) {
    String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
    int nl = s.indexOf('\n');
    String first = (nl < 0 ? s : s.substring(0, nl)).replace("\r", "");
    List<String> out = new ArrayList<>();
    for (String h : first.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1)) {
      out.add(h.trim().replace("\"", ""));
    }
    return out;
  }
}
