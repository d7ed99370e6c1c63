package energy.vgf.ocpp.rpc;

/** The WebSocket under an {@link RpcEndpoint}: sends text frames and closes. */
public interface RpcTransport {
  /**
   * Sends one text frame asynchronously; {@code onWritten} runs once the frame is written to the socket (or with
   * the failure), which is what "on the wire" means in the bridge's latency figures.
   */
  void send(String text, WriteListener onWritten);

  void close(int statusCode, String reason);

  @FunctionalInterface
  interface WriteListener {
    WriteListener NONE = failure -> {};

    /** @param failure null on success */
    void written(Throwable failure);
  }
}
