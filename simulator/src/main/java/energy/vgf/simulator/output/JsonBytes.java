package energy.vgf.simulator.output;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of UTF-8 JSON text. {@link RecordJson} writes straight into it (no String or
 * StringBuilder in between): the bench formats millions of lines and the copies showed in profiles.
 */
final class JsonBytes {

  byte[] buf;
  int len;

  JsonBytes(int capacity) {
    buf = new byte[capacity];
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  void put(char asciiChar) {
    ensure(1);
    buf[len++] = (byte) asciiChar;
  }

  /** Text known to be ASCII without characters JSON must escape (field names, symbols, timestamps). */
  @SuppressWarnings("deprecation")
  void ascii(String s) {
    int n = s.length();
    ensure(n);
    s.getBytes(0, n, buf, len); // the low byte of each char: exact for ASCII, and a plain array copy
    len += n;
  }

  /** A JSON string literal of any text, escaped and UTF-8 encoded. */
  void string(String s) {
    int n = s.length();
    ensure(n + 2);
    buf[len++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80 && c >= 0x20 && c != '"' && c != '\\') {
        ensure(1);
        buf[len++] = (byte) c;
      } else {
        escaped(c, s, i);
        if (Character.isHighSurrogate(c) && i + 1 < n) {
          i++;
        }
      }
    }
    ensure(1);
    buf[len++] = '"';
  }

  private void escaped(char c, String s, int i) {
    switch (c) {
      case '"' -> ascii("\\\"");
      case '\\' -> ascii("\\\\");
      case '\n' -> ascii("\\n");
      case '\r' -> ascii("\\r");
      case '\t' -> ascii("\\t");
      default -> {
        if (c < 0x20) {
          ascii(String.format("\\u%04x", (int) c));
        } else {
          String cp = Character.isHighSurrogate(c) && i + 1 < s.length() ? s.substring(i, i + 2) : String.valueOf(c);
          byte[] utf8 = cp.getBytes(StandardCharsets.UTF_8);
          ensure(utf8.length);
          System.arraycopy(utf8, 0, buf, len, utf8.length);
          len += utf8.length;
        }
      }
    }
  }

  /** A non-negative or negative whole number. */
  void integer(long v) {
    if (v == Long.MIN_VALUE) {
      ascii(Long.toString(v));
      return;
    }
    ensure(20);
    if (v < 0) {
      buf[len++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long p = 10; p <= v && digits < 19; p *= 10) {
      digits++;
    }
    for (int i = len + digits - 1; i >= len; i--) {
      buf[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    len += digits;
  }

  /** {@code digits} digits of {@code v}, zero-padded on the left. */
  void padded(long v, int digits) {
    ensure(digits);
    for (int i = len + digits - 1; i >= len; i--) {
      buf[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    len += digits;
  }

  @Override
  public String toString() {
    return new String(buf, 0, len, StandardCharsets.UTF_8);
  }
}
