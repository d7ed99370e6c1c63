package energy.vgf.lakehouse.trino;

/** Trino could not be resolved, unpacked or started; the message says which step and what to check. */
public final class TrinoException extends RuntimeException {
  public TrinoException(String message, Throwable cause) {
    super(message, cause);
  }

  public TrinoException(String message) {
    super(message);
  }
}
