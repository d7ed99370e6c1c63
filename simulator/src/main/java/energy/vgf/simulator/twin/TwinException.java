package energy.vgf.simulator.twin;

/** The depot twin cannot run: a charger is not enrolled, the bridge is unreachable, a call timed out. */
public final class TwinException extends RuntimeException {

  public TwinException(String message) {
    super(message);
  }

  public TwinException(String message, Throwable cause) {
    super(message, cause);
  }
}
