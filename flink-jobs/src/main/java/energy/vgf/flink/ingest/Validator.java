package energy.vgf.flink.ingest;

import java.io.Serializable;

/** Checks a decoded record: returns null when it is usable, otherwise the reason (naming the field). */
@FunctionalInterface
public interface Validator<T> extends Serializable {
  String problem(T record);
}
