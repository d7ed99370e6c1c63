package energy.vgf.flink.vehicle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Nullable strings on the wire between operators: the UTF-8 bytes behind their length + 1 (0 = null) as a
 * variable-length int, one bulk copy each way. {@code StringValue.writeString} and {@code readString} (what Flink's
 * String and POJO serializers use) move one char per call through the network buffer's view, which was a quarter of
 * the vehicle-state thread in the streaming benchmark's profile.
 */
public final class WireStrings {
  private WireStrings() {
  }

  public static void write(String s, DataOutputView out) throws IOException {
    if (s == null) {
      out.writeByte(0);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    writeLength(bytes.length + 1, out);
    out.write(bytes);
  }

  public static String read(DataInputView in) throws IOException {
    int length = readLength(in);
    if (length == 0) {
      return null;
    }
    byte[] bytes = new byte[length - 1];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void writeLength(int n, DataOutputView out) throws IOException {
    while ((n & ~0x7F) != 0) {
      out.writeByte(n & 0x7F | 0x80);
      n >>>= 7;
    }
    out.writeByte(n);
  }

  private static int readLength(DataInputView in) throws IOException {
    int n = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = in.readUnsignedByte();
      n |= (b & 0x7F) << shift;
      if (b < 0x80) {
        return n;
      }
    }
    throw new IOException("corrupt string length on the wire (more than 5 bytes)");
  }
}
