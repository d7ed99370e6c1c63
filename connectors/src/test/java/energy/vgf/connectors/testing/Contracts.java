package energy.vgf.connectors.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/** The committed contracts (schemas/avro/*.avsc, shipped in vgf-schemas), as the registry should hold them. */
public final class Contracts {

  private Contracts() {}

  public static Schema avsc(String record) {
    try (InputStream in = Contracts.class.getResourceAsStream("/avro/" + record + ".avsc")) {
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
