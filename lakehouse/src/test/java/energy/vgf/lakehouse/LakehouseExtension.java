package energy.vgf.lakehouse;

import energy.vgf.lakehouse.catalog.RestCatalogService;
import energy.vgf.lakehouse.trino.TrinoLauncher;
import energy.vgf.lakehouse.trino.TrinoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The embedded lakehouse, once per test JVM: the REST catalog service over a temporary file:/// warehouse
 * and, when asked for, a real Trino server on the same catalog. Both stop when the JVM's tests end.
 */
public final class LakehouseExtension implements BeforeAllCallback {

  private static RestCatalogService catalog;
  private static TrinoServer trino;
  private static Path dir;

  public static RestCatalogService catalog() {
    return catalog;
  }

  public static Path dir() {
    return dir;
  }

  /** Starts Trino on first use (about 15 s) and keeps it for the JVM. */
  public static synchronized TrinoServer trino() throws Exception {
    if (trino == null) {
      trino = new TrinoLauncher().maxHeap("1G", "512MB")
          .start(catalog.clientConfig(), Files.createDirectories(dir.resolve("trino")), 0);
    }
    return trino;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    synchronized (LakehouseExtension.class) {
      if (catalog == null) {
        dir = Files.createTempDirectory("vgf-lake-");
        catalog = RestCatalogService.start(0, dir.resolve("warehouse").toUri().toString().replace("file:/", "file:///")
            .replace("file:////", "file:///"), dir.resolve("catalog.db"));
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put("vgf-lakehouse",
            (ExtensionContext.Store.CloseableResource) LakehouseExtension::stop);
      }
    }
  }

  private static synchronized void stop() {
    if (trino != null) {
      trino.close();
      trino = null;
    }
    if (catalog != null) {
      catalog.close();
      catalog = null;
    }
  }
}
