package energy.vgf.connectors.http;

/** Receives what the HTTP layer does, for connector metrics. */
public interface HttpListener {

  HttpListener NONE = new HttpListener() {};

  default void requestSent() {}

  default void retried(int status) {}

  default void throttled() {}
}
