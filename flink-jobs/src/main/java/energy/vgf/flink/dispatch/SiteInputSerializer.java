package energy.vgf.flink.dispatch;

import energy.vgf.flink.vehicle.AckEvent;
import energy.vgf.flink.vehicle.VehicleSnapshotSerializer;
import energy.vgf.flink.vehicle.WireStrings;
import energy.vgf.flink.vehicle.WireTypeInfo;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link SiteInput} on the wire into dispatch: a tag byte, then the vehicle snapshot
 * ({@link VehicleSnapshotSerializer}) or the ack field by field. SiteInput is never kept in state.
 *
 * <p>Why not the POJO serializer: it built every SiteInput by first creating a VehicleSnapshot and an AckEvent by
 * reflection and setting each field through {@code Field.set}; that was half of the dispatch thread in the
 * streaming benchmark's profile. If AckEvent or VehicleSnapshot gains or loses a field, {@link #TYPE} is the POJO type
 * again and {@code SiteInputSerializerTest} fails until this class follows.
 */
public final class SiteInputSerializer extends TypeSerializerSingleton<SiteInput> {
  private static final long serialVersionUID = 1L;

  private static final byte VEHICLE = 1;
  private static final byte ACK = 2;

  /** The AckEvent fields {@link #writeAck} and {@link #readAck} encode. */
  static final List<String> ACK_FIELDS = List.of("siteId", "chargerId", "setpointId", "status", "tsMs", "detail");
  static final boolean DIRECT = VehicleSnapshotSerializer.TYPE.getClass() == WireTypeInfo.class
      && Arrays.stream(AckEvent.class.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers()))
          .map(Field::getName).sorted().toList().equals(ACK_FIELDS.stream().sorted().toList());

  /** What the stream edges into dispatch use: this serializer, or the POJO one if a field class has changed. */
  public static final TypeInformation<SiteInput> TYPE = DIRECT
      ? new WireTypeInfo<>(SiteInput.class, SiteInputSerializer.class, SiteInputSerializer::new)
      : TypeInformation.of(SiteInput.class);

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public SiteInput createInstance() {
    return new SiteInput();
  }

  @Override
  public SiteInput copy(SiteInput from) {
    SiteInput c = new SiteInput();
    c.vehicle = from.vehicle == null ? null : VehicleSnapshotSerializer.copyOf(from.vehicle);
    c.ack = from.ack == null ? null : copyAck(from.ack);
    return c;
  }

  @Override
  public SiteInput copy(SiteInput from, SiteInput reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(SiteInput in, DataOutputView out) throws IOException {
    if (in.vehicle != null) {
      out.writeByte(VEHICLE);
      VehicleSnapshotSerializer.write(in.vehicle, out);
    } else if (in.ack != null) {
      out.writeByte(ACK);
      writeAck(in.ack, out);
    } else {
      throw new IOException("a SiteInput with neither a vehicle nor an ack cannot be sent");
    }
  }

  @Override
  public SiteInput deserialize(DataInputView source) throws IOException {
    byte tag = source.readByte();
    return switch (tag) {
      case VEHICLE -> SiteInput.of(VehicleSnapshotSerializer.read(source));
      case ACK -> SiteInput.of(readAck(source));
      default -> throw new IOException("unknown SiteInput tag " + tag);
    };
  }

  @Override
  public SiteInput deserialize(SiteInput reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  private static void writeAck(AckEvent a, DataOutputView out) throws IOException {
    WireStrings.write(a.siteId, out);
    WireStrings.write(a.chargerId, out);
    WireStrings.write(a.setpointId, out);
    WireStrings.write(a.status, out);
    out.writeLong(a.tsMs);
    WireStrings.write(a.detail, out);
  }

  private static AckEvent readAck(DataInputView in) throws IOException {
    AckEvent a = new AckEvent();
    a.siteId = WireStrings.read(in);
    a.chargerId = WireStrings.read(in);
    a.setpointId = WireStrings.read(in);
    a.status = WireStrings.read(in);
    a.tsMs = in.readLong();
    a.detail = WireStrings.read(in);
    return a;
  }

  private static AckEvent copyAck(AckEvent from) {
    AckEvent a = new AckEvent();
    a.siteId = from.siteId;
    a.chargerId = from.chargerId;
    a.setpointId = from.setpointId;
    a.status = from.status;
    a.tsMs = from.tsMs;
    a.detail = from.detail;
    return a;
  }

  @Override
  public TypeSerializerSnapshot<SiteInput> snapshotConfiguration() {
    return new Snapshot();
  }

  /** No configuration: the snapshot only names the serializer. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<SiteInput> {
    public Snapshot() {
      super(SiteInputSerializer::new);
    }
  }
}
