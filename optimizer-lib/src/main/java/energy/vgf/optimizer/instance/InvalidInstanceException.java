package energy.vgf.optimizer.instance;

/**
 * An instance that cannot be optimised as given. The message names the offending field and, for a
 * vehicle or charger, its index and id, e.g. {@code vehicles[3] (bus-17).departure 12 is before arrival 20}.
 */
public final class InvalidInstanceException extends RuntimeException {
  private final String field;

  public InvalidInstanceException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
  }

  /** The JSON path of the offending field, e.g. {@code vehicles[3] (bus-17).departure}. */
  public String field() {
    return field;
  }
}
