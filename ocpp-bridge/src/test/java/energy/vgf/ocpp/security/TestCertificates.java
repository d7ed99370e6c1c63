package energy.vgf.ocpp.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made with the JDK's keytool: a CA, the bridge's server certificate (SAN 127.0.0.1/localhost)
 * and client certificates whose CN is a charger id, all signed by the CA, in PKCS12 stores.
 */
public final class TestCertificates {
  public static final String PASSWORD = "changeit";
  public final Path dir;
  public final Path caStore;
  public final Path trustStore;
  public final Path serverStore;

  public TestCertificates(Path dir) throws IOException, InterruptedException {
    this.dir = dir;
    this.caStore = dir.resolve("ca.p12");
    this.trustStore = dir.resolve("trust.p12");
    this.serverStore = dir.resolve("server.p12");
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=VGF Test CA",
        "-ext", "bc:c", "-validity", "2", "-keystore", caStore.toString());
    Path caCert = dir.resolve("ca.pem");
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-file", caCert.toString());
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore", trustStore.toString());
    issue(serverStore, "server", "CN=ocpp-bridge", "SAN=ip:127.0.0.1,dns:localhost");
  }

  /** A key store for a charger (security profile 3): CN = charger id, signed by the CA or by nobody. */
  public Path chargerStore(String chargerId, boolean signedByCa) throws IOException, InterruptedException {
    Path store = dir.resolve(chargerId + (signedByCa ? "" : "-self") + ".p12");
    if (signedByCa) {
      issue(store, "charger", "CN=" + chargerId, null);
    } else {
      keytool("-genkeypair", "-alias", "charger", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
          "CN=" + chargerId, "-validity", "2", "-keystore", store.toString());
    }
    return store;
  }

  private void issue(Path store, String alias, String dname, String san) throws IOException, InterruptedException {
    keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
        "-validity", "2", "-keystore", store.toString());
    Path csr = dir.resolve(alias + "-" + store.getFileName() + ".csr");
    Path crt = dir.resolve(alias + "-" + store.getFileName() + ".crt");
    keytool("-certreq", "-alias", alias, "-keystore", store.toString(), "-file", csr.toString());
    List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore",
        caStore.toString(), "-infile", csr.toString(), "-outfile", crt.toString(), "-validity", "2"));
    if (san != null) {
      gencert.addAll(List.of("-ext", san));
    }
    keytool(gencert.toArray(String[]::new));
    Path caCert = dir.resolve("ca.pem");
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore", store.toString());
    keytool("-importcert", "-noprompt", "-alias", alias, "-file", crt.toString(), "-keystore", store.toString());
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
    if (List.of(args).contains("-genkeypair")) {
      cmd.addAll(List.of("-keypass", PASSWORD));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
    }
    Files.exists(Path.of("."));
  }
}
