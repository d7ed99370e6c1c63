package energy.vgf.flink.vehicle;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.fleet.FleetConstraint;
import energy.vgf.telemetry.TelematicsProvider;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.io.IOException;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;

/**
 * {@link VehicleInput} on the wire between the sources and vehicle state (every telemetry record crosses this
 * shuffle): a tag byte for the one field that is set, then that record: telemetry field by field (below), the
 * other, far rarer records in Avro.
 *
 * <p>Why not Flink's POJO serializer: it builds every record by first creating an instance of each field's type,
 * here five Avro records made by reflection, and then overwrites four of them with null; in the streaming
 * benchmark's profile that was a quarter of the vehicle-state thread. Why telemetry field by field: after that,
 * Avro's generic encode and decode of each reading were most of what the shuffle still cost (the record is
 * already decoded once in the source). VehicleInput is never kept in state, so this format only has to agree
 * between the two ends of a running job. It follows the VehicleTelemetry contract as generated; if the contract
 * gains or changes a field, {@link #TELEMETRY_FIELDS} no longer matches and telemetry goes as Avro again (and
 * {@code VehicleInputSerializerTest} fails until the field list here is updated).
 */
public final class VehicleInputSerializer extends TypeSerializer<VehicleInput> {
  private static final long serialVersionUID = 1L;

  private static final byte TELEMETRY = 1;
  private static final byte STATUS = 2;
  private static final byte SESSION = 3;
  private static final byte METER = 4;
  private static final byte CONSTRAINT = 5;
  /** Telemetry in Avro: the generated class no longer has the fields the direct format below was written for. */
  private static final byte TELEMETRY_AVRO = 6;

  /** The VehicleTelemetry fields, in order, that {@link #writeTelemetry} and {@link #readTelemetry} encode. */
  static final java.util.List<String> TELEMETRY_FIELDS = java.util.List.of("provider", "vehicle_id", "ts", "soc_pct",
      "odometer_km", "latitude_deg", "longitude_deg", "speed_kmh", "status", "depot_id", "fleet_id", "ambient_temp_c");
  static final boolean DIRECT_TELEMETRY = VehicleTelemetry.getClassSchema().getFields().stream()
      .map(org.apache.avro.Schema.Field::name).toList().equals(TELEMETRY_FIELDS);
  private static final TelematicsProvider[] PROVIDERS = TelematicsProvider.values();
  private static final VehicleStatus[] STATUSES = VehicleStatus.values();

  private final AvroSerializer<VehicleTelemetry> telemetry = new AvroSerializer<>(VehicleTelemetry.class);
  private final AvroSerializer<ChargerStatus> status = new AvroSerializer<>(ChargerStatus.class);
  private final AvroSerializer<ChargingSession> session = new AvroSerializer<>(ChargingSession.class);
  private final AvroSerializer<ChargerMeterValue> meter = new AvroSerializer<>(ChargerMeterValue.class);
  private final AvroSerializer<FleetConstraint> constraint = new AvroSerializer<>(FleetConstraint.class);

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<VehicleInput> duplicate() {
    return new VehicleInputSerializer(); // the Avro serializers keep encoders: one set per thread
  }

  @Override
  public VehicleInput createInstance() {
    return new VehicleInput();
  }

  @Override
  public VehicleInput copy(VehicleInput from) {
    VehicleInput c = new VehicleInput();
    c.telemetry = from.telemetry == null ? null : telemetry.copy(from.telemetry);
    c.chargerStatus = from.chargerStatus == null ? null : status.copy(from.chargerStatus);
    c.session = from.session == null ? null : session.copy(from.session);
    c.meter = from.meter == null ? null : meter.copy(from.meter);
    c.constraint = from.constraint == null ? null : constraint.copy(from.constraint);
    return c;
  }

  @Override
  public VehicleInput copy(VehicleInput from, VehicleInput reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(VehicleInput in, DataOutputView out) throws IOException {
    if (in.telemetry != null) {
      if (DIRECT_TELEMETRY) {
        out.writeByte(TELEMETRY);
        writeTelemetry(in.telemetry, out);
      } else {
        out.writeByte(TELEMETRY_AVRO);
        telemetry.serialize(in.telemetry, out);
      }
    } else if (in.chargerStatus != null) {
      out.writeByte(STATUS);
      status.serialize(in.chargerStatus, out);
    } else if (in.session != null) {
      out.writeByte(SESSION);
      session.serialize(in.session, out);
    } else if (in.meter != null) {
      out.writeByte(METER);
      meter.serialize(in.meter, out);
    } else if (in.constraint != null) {
      out.writeByte(CONSTRAINT);
      constraint.serialize(in.constraint, out);
    } else {
      throw new IOException("a VehicleInput with no record set cannot be sent");
    }
  }

  @Override
  public VehicleInput deserialize(DataInputView source) throws IOException {
    byte tag = source.readByte();
    return switch (tag) {
      case TELEMETRY -> VehicleInput.of(readTelemetry(source));
      case TELEMETRY_AVRO -> VehicleInput.of(telemetry.deserialize(source));
      case STATUS -> VehicleInput.of(status.deserialize(source));
      case SESSION -> VehicleInput.of(session.deserialize(source));
      case METER -> VehicleInput.of(meter.deserialize(source));
      case CONSTRAINT -> VehicleInput.of(constraint.deserialize(source));
      default -> throw new IOException("unknown VehicleInput tag " + tag);
    };
  }

  static void writeTelemetry(VehicleTelemetry t, DataOutputView out) throws IOException {
    Double soc = t.getSocPct();
    Double odometer = t.getOdometerKm();
    Double lat = t.getLatitudeDeg();
    Double lon = t.getLongitudeDeg();
    Double speed = t.getSpeedKmh();
    Double temp = t.getAmbientTempC();
    // Which of the six optional numbers follow, one bit each.
    out.writeByte((soc != null ? 1 : 0) | (odometer != null ? 2 : 0) | (lat != null ? 4 : 0) | (lon != null ? 8 : 0)
        | (speed != null ? 16 : 0) | (temp != null ? 32 : 0));
    out.writeByte(t.getProvider().ordinal());
    writeString(t.getVehicleId(), out);
    out.writeLong(t.getTs().toEpochMilli()); // timestamp-millis: the contract's own resolution
    writeIfPresent(soc, out);
    writeIfPresent(odometer, out);
    writeIfPresent(lat, out);
    writeIfPresent(lon, out);
    writeIfPresent(speed, out);
    out.writeByte(t.getStatus().ordinal());
    writeString(t.getDepotId(), out);
    writeString(t.getFleetId(), out);
    writeIfPresent(temp, out);
  }

  static VehicleTelemetry readTelemetry(DataInputView in) throws IOException {
    int present = in.readUnsignedByte();
    TelematicsProvider provider = PROVIDERS[in.readByte()];
    String vehicleId = readString(in);
    java.time.Instant ts = java.time.Instant.ofEpochMilli(in.readLong());
    Double soc = (present & 1) != 0 ? in.readDouble() : null;
    Double odometer = (present & 2) != 0 ? in.readDouble() : null;
    Double lat = (present & 4) != 0 ? in.readDouble() : null;
    Double lon = (present & 8) != 0 ? in.readDouble() : null;
    Double speed = (present & 16) != 0 ? in.readDouble() : null;
    VehicleStatus status = STATUSES[in.readByte()];
    String depot = readString(in);
    String fleet = readString(in);
    Double temp = (present & 32) != 0 ? in.readDouble() : null;
    return new VehicleTelemetry(provider, vehicleId, ts, soc, odometer, lat, lon, speed, status, depot, fleet, temp);
  }

  static void writeString(String s, DataOutputView out) throws IOException {
    WireStrings.write(s, out);
  }

  static String readString(DataInputView in) throws IOException {
    return WireStrings.read(in);
  }

  private static void writeIfPresent(Double d, DataOutputView out) throws IOException {
    if (d != null) {
      out.writeDouble(d);
    }
  }

  @Override
  public VehicleInput deserialize(VehicleInput reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof VehicleInputSerializer;
  }

  @Override
  public int hashCode() {
    return VehicleInputSerializer.class.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<VehicleInput> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer has no configuration: its snapshot only names it. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<VehicleInput> {
    public Snapshot() {
      super(VehicleInputSerializer::new);
    }
  }

  /** Picked up by {@code TypeInformation.of(VehicleInput.class)} through {@code @TypeInfo} on the class. */
  public static final class Factory extends TypeInfoFactory<VehicleInput> {
    @Override
    public TypeInformation<VehicleInput> createTypeInfo(java.lang.reflect.Type t, Map<String, TypeInformation<?>> generics) {
      return new WireTypeInfo<>(VehicleInput.class, VehicleInputSerializer.class, VehicleInputSerializer::new);
    }
  }
}
