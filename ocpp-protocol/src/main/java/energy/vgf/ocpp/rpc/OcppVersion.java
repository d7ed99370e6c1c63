package energy.vgf.ocpp.rpc;

import java.util.Optional;

/**
 * The OCPP-J versions this code speaks, each identified by the WebSocket subprotocol negotiated at the
 * upgrade (OCPP-J 1.6 §3.1.2, OCPP 2.0.1 Part 4 §3.1.2).
 */
public enum OcppVersion {
  V16("ocpp1.6", "ocpp1_6.json", ".req", ".conf"),
  V201("ocpp2.0.1", "ocpp2_0_1.json", ".req", ".conf"),
  // The official 2.1 schemas carry ids urn:<Action>Request / urn:<Action>Response.
  V21("ocpp2.1", "ocpp2_1.json", "Request", "Response");

  private final String subprotocol;
  private final String schemaBundle;
  private final String requestSuffix;
  private final String responseSuffix;

  OcppVersion(String subprotocol, String schemaBundle, String requestSuffix, String responseSuffix) {
    this.subprotocol = subprotocol;
    this.schemaBundle = schemaBundle;
    this.requestSuffix = requestSuffix;
    this.responseSuffix = responseSuffix;
  }

  public String subprotocol() {
    return subprotocol;
  }

  /** Resource name of the bundled official JSON schemas of this version (see PROVENANCE.md). */
  public String schemaBundle() {
    return schemaBundle;
  }

  public String requestSchemaId(String action) {
    return "urn:" + action + requestSuffix;
  }

  public String responseSchemaId(String action) {
    return "urn:" + action + responseSuffix;
  }

  public boolean is2x() {
    return this != V16;
  }

  public static Optional<OcppVersion> fromSubprotocol(String subprotocol) {
    for (OcppVersion v : values()) {
      if (v.subprotocol.equalsIgnoreCase(subprotocol)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
