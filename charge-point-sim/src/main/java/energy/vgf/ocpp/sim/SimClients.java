package energy.vgf.ocpp.sim;

import java.nio.file.Path;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Jetty WebSocket clients for simulators. One client serves many simulated chargers (one selector set for a whole
 * fleet); a TLS client carries one key store, so chargers with their own certificate need their own client.
 */
public final class SimClients {
  private SimClients() {}

  public static WebSocketClient plain() {
    return start(new WebSocketClient());
  }

  /**
   * @param keyStore PKCS12 with the charger's key and certificate (security profile 3), or null (profile 2)
   * @param trustStore PKCS12 with the CA that signed the central system's certificate
   */
  public static WebSocketClient tls(Path keyStore, String keyStorePassword, Path trustStore,
      String trustStorePassword) {
    SslContextFactory.Client ssl = new SslContextFactory.Client();
    if (keyStore != null) {
      ssl.setKeyStorePath(keyStore.toString());
      ssl.setKeyStorePassword(keyStorePassword);
      ssl.setKeyStoreType("PKCS12");
    }
    ssl.setTrustStorePath(trustStore.toString());
    ssl.setTrustStorePassword(trustStorePassword);
    ssl.setTrustStoreType("PKCS12");
    // Test certificates are issued for 127.0.0.1/localhost; hostname verification stays on.
    ssl.setEndpointIdentificationAlgorithm("HTTPS");
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(ssl);
    return start(new WebSocketClient(new HttpClient(new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(connector))));
  }

  private static WebSocketClient start(WebSocketClient client) {
    try {
      client.setStopAtShutdown(true);
      client.start();
      return client;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start WebSocket client", e);
    }
  }
}
