package energy.vgf.ocpp.session;

import energy.vgf.charging.ConnectorStatus;

/** OCPP 1.6 ChargePointStatus and 2.x ConnectorStatusEnumType onto the platform's ConnectorStatus. */
public final class StatusMapper {
  private StatusMapper() {}

  public static ConnectorStatus map(String ocppStatus) {
    return switch (ocppStatus) {
      case "Available" -> ConnectorStatus.AVAILABLE;
      case "Preparing" -> ConnectorStatus.PREPARING;
      case "Charging" -> ConnectorStatus.CHARGING;
      case "SuspendedEV" -> ConnectorStatus.SUSPENDED_EV;
      case "SuspendedEVSE" -> ConnectorStatus.SUSPENDED_EVSE;
      case "Finishing" -> ConnectorStatus.FINISHING;
      case "Reserved" -> ConnectorStatus.RESERVED;
      case "Unavailable" -> ConnectorStatus.UNAVAILABLE;
      case "Faulted" -> ConnectorStatus.FAULTED;
      case "Occupied" -> ConnectorStatus.OCCUPIED;
      default -> ConnectorStatus.UNKNOWN;
    };
  }
}
