package energy.vgf.flink.vehicle;

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
 * {@link VehicleSnapshot} on the wire from vehicle state to the site operators (flexibility and, inside
 * {@code SiteInput}, dispatch): field by field, the booleans and null flags in one byte, strings as
 * {@link WireStrings}. For these stream edges only: the site operators keep snapshots in MapState with Flink's POJO
 * serializer (evolvable, the savepoint format), which is not changed here.
 *
 * <p>Why: the POJO serializer creates each record by reflection, sets every field through {@code Field.set} and
 * moves strings one char per call; it was most of the dispatch and flexibility threads in the streaming benchmark's
 * profile. If {@link VehicleSnapshot} gains or loses a field, {@link #FIELDS} no longer matches, {@link #TYPE} is
 * the POJO type again (nothing is lost) and {@code VehicleSnapshotSerializerTest} fails until this class follows.
 */
public final class VehicleSnapshotSerializer extends TypeSerializerSingleton<VehicleSnapshot> {
  private static final long serialVersionUID = 1L;

  /** The VehicleSnapshot fields, in the order {@link #write} and {@link #read} encode them. */
  static final List<String> FIELDS = List.of("vehicleId", "siteId", "present", "tsMs", "energyKwh", "socPct",
      "socTrusted", "sanityFlag", "pluggedIn", "chargerId", "powerKw", "departureMs", "requiredSocPct", "hard",
      "capacityKwh", "maxChargeKw", "maxDischargeKw", "efficiency", "minSocPct");
  static final boolean DIRECT = Arrays.stream(VehicleSnapshot.class.getDeclaredFields())
      .filter(f -> !Modifier.isStatic(f.getModifiers())).map(Field::getName).sorted().toList()
      .equals(FIELDS.stream().sorted().toList());

  /** What the stream edges carrying snapshots use: this serializer, or the POJO one if the class has changed. */
  public static final TypeInformation<VehicleSnapshot> TYPE = DIRECT
      ? new WireTypeInfo<>(VehicleSnapshot.class, VehicleSnapshotSerializer.class, VehicleSnapshotSerializer::new)
      : TypeInformation.of(VehicleSnapshot.class);

  private static final int PRESENT = 1;
  private static final int SOC_TRUSTED = 1 << 1;
  private static final int PLUGGED_IN = 1 << 2;
  private static final int HARD = 1 << 3;
  private static final int HAS_SOC = 1 << 4;
  private static final int HAS_DEPARTURE = 1 << 5;
  private static final int HAS_REQUIRED_SOC = 1 << 6;

  public static void write(VehicleSnapshot v, DataOutputView out) throws IOException {
    out.writeByte((v.present ? PRESENT : 0) | (v.socTrusted ? SOC_TRUSTED : 0) | (v.pluggedIn ? PLUGGED_IN : 0)
        | (v.hard ? HARD : 0) | (v.socPct != null ? HAS_SOC : 0) | (v.departureMs != null ? HAS_DEPARTURE : 0)
        | (v.requiredSocPct != null ? HAS_REQUIRED_SOC : 0));
    WireStrings.write(v.vehicleId, out);
    WireStrings.write(v.siteId, out);
    WireStrings.write(v.sanityFlag, out);
    WireStrings.write(v.chargerId, out);
    out.writeLong(v.tsMs);
    out.writeDouble(v.energyKwh);
    if (v.socPct != null) {
      out.writeDouble(v.socPct);
    }
    out.writeDouble(v.powerKw);
    if (v.departureMs != null) {
      out.writeLong(v.departureMs);
    }
    if (v.requiredSocPct != null) {
      out.writeDouble(v.requiredSocPct);
    }
    out.writeDouble(v.capacityKwh);
    out.writeDouble(v.maxChargeKw);
    out.writeDouble(v.maxDischargeKw);
    out.writeDouble(v.efficiency);
    out.writeDouble(v.minSocPct);
  }

  public static VehicleSnapshot read(DataInputView in) throws IOException {
    int flags = in.readUnsignedByte();
    VehicleSnapshot v = new VehicleSnapshot();
    v.present = (flags & PRESENT) != 0;
    v.socTrusted = (flags & SOC_TRUSTED) != 0;
    v.pluggedIn = (flags & PLUGGED_IN) != 0;
    v.hard = (flags & HARD) != 0;
    v.vehicleId = WireStrings.read(in);
    v.siteId = WireStrings.read(in);
    v.sanityFlag = WireStrings.read(in);
    v.chargerId = WireStrings.read(in);
    v.tsMs = in.readLong();
    v.energyKwh = in.readDouble();
    v.socPct = (flags & HAS_SOC) != 0 ? in.readDouble() : null;
    v.powerKw = in.readDouble();
    v.departureMs = (flags & HAS_DEPARTURE) != 0 ? in.readLong() : null;
    v.requiredSocPct = (flags & HAS_REQUIRED_SOC) != 0 ? in.readDouble() : null;
    v.capacityKwh = in.readDouble();
    v.maxChargeKw = in.readDouble();
    v.maxDischargeKw = in.readDouble();
    v.efficiency = in.readDouble();
    v.minSocPct = in.readDouble();
    return v;
  }

  /** A field-by-field copy (every field is immutable or primitive). */
  public static VehicleSnapshot copyOf(VehicleSnapshot from) {
    VehicleSnapshot v = new VehicleSnapshot();
    v.vehicleId = from.vehicleId;
    v.siteId = from.siteId;
    v.present = from.present;
    v.tsMs = from.tsMs;
    v.energyKwh = from.energyKwh;
    v.socPct = from.socPct;
    v.socTrusted = from.socTrusted;
    v.sanityFlag = from.sanityFlag;
    v.pluggedIn = from.pluggedIn;
    v.chargerId = from.chargerId;
    v.powerKw = from.powerKw;
    v.departureMs = from.departureMs;
    v.requiredSocPct = from.requiredSocPct;
    v.hard = from.hard;
    v.capacityKwh = from.capacityKwh;
    v.maxChargeKw = from.maxChargeKw;
    v.maxDischargeKw = from.maxDischargeKw;
    v.efficiency = from.efficiency;
    v.minSocPct = from.minSocPct;
    return v;
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public VehicleSnapshot createInstance() {
    return new VehicleSnapshot();
  }

  @Override
  public VehicleSnapshot copy(VehicleSnapshot from) {
    return copyOf(from);
  }

  @Override
  public VehicleSnapshot copy(VehicleSnapshot from, VehicleSnapshot reuse) {
    return copyOf(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(VehicleSnapshot record, DataOutputView target) throws IOException {
    write(record, target);
  }

  @Override
  public VehicleSnapshot deserialize(DataInputView source) throws IOException {
    return read(source);
  }

  @Override
  public VehicleSnapshot deserialize(VehicleSnapshot reuse, DataInputView source) throws IOException {
    return read(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    write(read(source), target);
  }

  @Override
  public TypeSerializerSnapshot<VehicleSnapshot> snapshotConfiguration() {
    return new Snapshot();
  }

  /** No configuration: the snapshot only names the serializer. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<VehicleSnapshot> {
    public Snapshot() {
      super(VehicleSnapshotSerializer::new);
    }
  }
}
