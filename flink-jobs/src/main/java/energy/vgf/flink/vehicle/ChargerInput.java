package energy.vgf.flink.vehicle;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.dispatch.DispatchAck;

/** One event about a charger, keyed by charger id: exactly one field is set. */
public class ChargerInput {
  public ChargerStatus status;
  public ChargingSession session;
  public ChargerMeterValue meter;
  public DispatchAck ack;

  public ChargerInput() {
  }

  public static ChargerInput of(ChargerStatus s) {
    ChargerInput i = new ChargerInput();
    i.status = s;
    return i;
  }

  public static ChargerInput of(ChargingSession s) {
    ChargerInput i = new ChargerInput();
    i.session = s;
    return i;
  }

  public static ChargerInput of(ChargerMeterValue m) {
    ChargerInput i = new ChargerInput();
    i.meter = m;
    return i;
  }

  public static ChargerInput of(DispatchAck a) {
    ChargerInput i = new ChargerInput();
    i.ack = a;
    return i;
  }

  public String chargerId() {
    if (status != null) {
      return status.getChargerId();
    }
    if (session != null) {
      return session.getChargerId();
    }
    return meter != null ? meter.getChargerId() : ack.getChargerId();
  }
}
