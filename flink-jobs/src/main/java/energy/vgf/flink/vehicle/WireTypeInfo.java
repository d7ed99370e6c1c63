package energy.vgf.flink.vehicle;

import java.io.Serializable;
import java.util.function.Supplier;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information of a record that only travels between operators (never kept in state) with a hand-written
 * serializer, e.g. {@link VehicleSnapshotSerializer}. Equal when it describes the same class with the same
 * serializer class.
 */
public final class WireTypeInfo<T> extends TypeInformation<T> {
  private static final long serialVersionUID = 1L;

  /** A serializable serializer factory. */
  public interface SerializerFactory<T> extends Supplier<TypeSerializer<T>>, Serializable {
  }

  private final Class<T> type;
  private final Class<?> serializerClass;
  private final SerializerFactory<T> factory;

  public WireTypeInfo(Class<T> type, Class<?> serializerClass, SerializerFactory<T> factory) {
    this.type = type;
    this.serializerClass = serializerClass;
    this.factory = factory;
  }

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<T> getTypeClass() {
    return type;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return factory.get();
  }

  @Override
  public String toString() {
    return type.getSimpleName() + "(" + serializerClass.getSimpleName() + ")";
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof WireTypeInfo<?> o && o.type == type && o.serializerClass == serializerClass;
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + serializerClass.hashCode();
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj instanceof WireTypeInfo;
  }
}
