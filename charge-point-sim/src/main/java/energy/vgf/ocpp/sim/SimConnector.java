package energy.vgf.ocpp.sim;

import java.time.Instant;

/** Live state of one simulated connector (1.6) or EVSE (2.x). Guarded by the simulator's lock. */
public final class SimConnector {
  final int id;
  SimVehicle vehicle;
  double socPct;
  String transactionId;
  Instant transactionStart;
  String idTag;
  int seqNo;
  double energyImportWh;
  double energyExportWh;
  double powerW;
  double limitW;
  String status = "Available";

  SimConnector(int id) {
    this.id = id;
  }

  /** A consistent copy for observers. */
  public record Snapshot(int connectorId, String status, String transactionId, String vehicleId, double socPct,
      double powerW, double limitW, double energyImportWh, double energyExportWh) {}

  Snapshot snapshot() {
    return new Snapshot(id, status, transactionId, vehicle == null ? null : vehicle.vehicleId(), socPct, powerW,
        limitW, energyImportWh, energyExportWh);
  }
}
