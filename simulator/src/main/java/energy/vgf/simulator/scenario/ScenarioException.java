package energy.vgf.simulator.scenario;

/** A scenario that cannot be read or is invalid; the message names the key and the bad value. */
public class ScenarioException extends RuntimeException {
  public ScenarioException(String message) {
    super(message);
  }

  public ScenarioException(String message, Throwable cause) {
    super(message, cause);
  }
}
