package energy.vgf.connectors.source;

/** One source item that cannot be mapped to the platform contract; names the field and value. */
public final class MappingException extends RuntimeException {

  public MappingException(String message) {
    super(message);
  }

  public MappingException(String message, Throwable cause) {
    super(message, cause);
  }
}
