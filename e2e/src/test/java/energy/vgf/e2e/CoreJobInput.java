package energy.vgf.e2e;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.charging.ConnectorStatus;
import energy.vgf.charging.SessionEvent;
import energy.vgf.dispatch.AckStatus;
import energy.vgf.dispatch.DispatchAck;
import energy.vgf.fleet.FleetConstraint;
import energy.vgf.grid.ConstraintKind;
import energy.vgf.grid.GridConstraint;
import energy.vgf.market.Iso;
import energy.vgf.market.MarketPrice;
import energy.vgf.market.MarketType;
import energy.vgf.schemas.Topics;
import energy.vgf.telemetry.TelematicsProvider;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import energy.vgf.weather.WeatherForecast;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * One depot's input to the core job on all nine of its input topics: two buses plugged into two chargers over two
 * dispatch boundaries, with their departure requirements, charger status/session/meter data, an ack, prices, a
 * weather forecast and a site limit. Event times are relative to {@code boundary} (a dispatch boundary in the recent
 * past, so that every record is inside the jobs' future bound), in time order per key.
 */
final class CoreJobInput {
  static final String SITE = "depot-poison";
  static final List<String> VEHICLES = List.of("bus-p1", "bus-p2");
  static final List<String> CHARGERS = List.of("cp-p1", "cp-p2");

  /** A record for a topic, keyed as the catalogue says; {@code partition} null: the key decides. */
  record Keyed(String topic, String key, SpecificRecord value, Integer partition) {
    Keyed(String topic, String key, SpecificRecord value) {
      this(topic, key, value, null);
    }
  }

  private CoreJobInput() {}

  /**
   * Meter values name their vehicle, as the bridge's do once it knows the transaction: the core job's charger state
   * drops a meter value without vehicle_id that it sees before the charger's status or session (processing order,
   * not event time), so without it the outputs would depend on which topic the job happened to read first.
   */
  static List<Keyed> records(Instant boundary) {
    List<Keyed> out = new ArrayList<>();
    for (int i = 0; i < VEHICLES.size(); i++) {
      String v = VEHICLES.get(i);
      String cp = CHARGERS.get(i);
      Instant plugIn = boundary.minus(Duration.ofMinutes(12));
      out.add(new Keyed(Topics.FLEET_CONSTRAINT, v, FleetConstraint.newBuilder().setConstraintId("c-" + v)
          .setFleetId("fleet-p").setVehicleId(v).setDepartureTime(boundary.plus(Duration.ofHours(3 + i)))
          .setRequiredSocPct(85).setIssuedAt(boundary.minus(Duration.ofMinutes(14))).build()));
      out.add(new Keyed(Topics.CHARGING_SESSION, cp, ChargingSession.newBuilder().setSessionId("s-" + cp)
          .setChargerId(cp).setConnectorId(1).setEvent(SessionEvent.STARTED).setTs(plugIn).setStartedAt(plugIn)
          .setEnergyKwh(0).setDischargedKwh(0).setVehicleId(v).setSiteId(SITE).build()));
      out.add(new Keyed(Topics.CHARGER_STATUS, cp, ChargerStatus.newBuilder().setChargerId(cp).setConnectorId(1)
          .setTs(plugIn.plusSeconds(30)).setStatus(ConnectorStatus.CHARGING).setOcppVersion("ocpp1.6")
          .setSiteId(SITE).setVehicleId(v).build()));
      for (int m = -10; m <= 20; m += 5) {
        out.add(new Keyed(Topics.CHARGER_METER, cp, ChargerMeterValue.newBuilder().setChargerId(cp).setConnectorId(1)
            .setSessionId("s-" + cp).setTs(boundary.plus(Duration.ofMinutes(m))).setPowerKw(20.0)
            .setEnergyImportKwh(100.0 + (m + 10) * 20.0 / 60.0).setVehicleId(v).setSiteId(SITE).build()));
      }
      for (int m = -10; m <= 20; m++) {
        out.add(new Keyed(Topics.VEHICLE_TELEMETRY, v, VehicleTelemetry.newBuilder()
            .setProvider(TelematicsProvider.SIMULATOR).setVehicleId(v).setTs(boundary.plus(Duration.ofMinutes(m)))
            .setSocPct(30.0 + 5 * i + (m + 10) * 0.1).setStatus(VehicleStatus.CHARGING).setDepotId(SITE)
            .setFleetId("fleet-p").build()));
      }
    }
    out.add(new Keyed(Topics.DISPATCH_ACK, CHARGERS.get(0), DispatchAck.newBuilder().setSetpointId("sp-earlier")
        .setChargerId(CHARGERS.get(0)).setStatus(AckStatus.ACCEPTED).setTs(boundary.minus(Duration.ofMinutes(5)))
        .setAppliedPowerKw(20.0).setOcppAction("SetChargingProfile").build()));
    for (int h = -1; h < 6; h++) {
      Instant start = boundary.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(Duration.ofHours(h));
      out.add(new Keyed(Topics.MARKET_PRICE, "CAISO:TH_SP15", MarketPrice.newBuilder().setIso(Iso.CAISO)
          .setNode("TH_SP15").setMarket(MarketType.DAY_AHEAD).setIntervalStart(start)
          .setIntervalEnd(start.plus(Duration.ofHours(1))).setLmpPerMwh(40.0 + 15 * (h % 3)).build()));
    }
    out.add(new Keyed(Topics.WEATHER_FORECAST, SITE, WeatherForecast.newBuilder().setLocationId(SITE)
        .setLatitudeDeg(34.05).setLongitudeDeg(-118.25).setProvider("e2e")
        .setIssuedAt(boundary.minus(Duration.ofMinutes(30))).setValidAt(boundary).setTemperatureC(18.0).build()));
    out.add(new Keyed(Topics.GRID_CONSTRAINT, SITE, GridConstraint.newBuilder().setConstraintId("limit-" + SITE)
        .setKind(ConstraintKind.SITE_LIMIT).setScopeId(SITE).setSiteIds(List.of(SITE))
        .setValidFrom(boundary.minus(Duration.ofHours(1))).setValidTo(boundary.plus(Duration.ofHours(8)))
        .setImportLimitKw(30.0).setSource("e2e").setIssuedAt(boundary.minus(Duration.ofMinutes(20))).build()));
    // Every keyed stream ends past the second boundary, so each source's watermark passes it before going idle.
    Instant end = boundary.plus(Duration.ofMinutes(20));
    for (int i = 0; i < VEHICLES.size(); i++) {
      String v = VEHICLES.get(i);
      String cp = CHARGERS.get(i);
      out.add(new Keyed(Topics.FLEET_CONSTRAINT, v, FleetConstraint.newBuilder().setConstraintId("c-" + v)
          .setFleetId("fleet-p").setVehicleId(v).setDepartureTime(boundary.plus(Duration.ofHours(3 + i)))
          .setRequiredSocPct(85).setIssuedAt(end).build()));
      out.add(new Keyed(Topics.CHARGING_SESSION, cp, ChargingSession.newBuilder().setSessionId("s-" + cp)
          .setChargerId(cp).setConnectorId(1).setEvent(SessionEvent.UPDATED).setTs(end)
          .setStartedAt(boundary.minus(Duration.ofMinutes(12))).setEnergyKwh(10.7).setDischargedKwh(0)
          .setVehicleId(v).setSiteId(SITE).build()));
      out.add(new Keyed(Topics.CHARGER_STATUS, cp, ChargerStatus.newBuilder().setChargerId(cp).setConnectorId(1)
          .setTs(end).setStatus(ConnectorStatus.CHARGING).setOcppVersion("ocpp1.6").setSiteId(SITE).setVehicleId(v)
          .build()));
    }
    out.add(new Keyed(Topics.DISPATCH_ACK, CHARGERS.get(1), DispatchAck.newBuilder().setSetpointId("sp-later")
        .setChargerId(CHARGERS.get(1)).setStatus(AckStatus.ACCEPTED).setTs(end).setAppliedPowerKw(20.0)
        .setOcppAction("SetChargingProfile").build()));
    out.add(new Keyed(Topics.WEATHER_FORECAST, SITE, WeatherForecast.newBuilder().setLocationId(SITE)
        .setLatitudeDeg(34.05).setLongitudeDeg(-118.25).setProvider("e2e").setIssuedAt(end)
        .setValidAt(end.plus(Duration.ofHours(1))).setTemperatureC(17.0).build()));
    out.add(new Keyed(Topics.GRID_CONSTRAINT, SITE, GridConstraint.newBuilder().setConstraintId("limit-" + SITE)
        .setKind(ConstraintKind.SITE_LIMIT).setScopeId(SITE).setSiteIds(List.of(SITE))
        .setValidFrom(boundary.minus(Duration.ofHours(1))).setValidTo(boundary.plus(Duration.ofHours(8)))
        .setImportLimitKw(30.0).setSource("e2e").setIssuedAt(end).build()));
    // Per key in event-time order: the job's watermarks are per partition.
    out.sort(java.util.Comparator.comparing(CoreJobInput::eventTime));
    return out;
  }

  /**
   * One record at {@code end} in every partition of every input topic, about a depot of its own
   * ("depot-tail", which has no chargers): each partition's watermark then reaches {@code end} by its own records,
   * so the outputs up to it never depend on which partitions the sources' wall-clock idleness happened to skip.
   */
  static List<Keyed> tails(Instant end, java.util.function.ToIntFunction<String> partitionCount) {
    String site = "depot-tail";
    List<Keyed> out = new ArrayList<>();
    for (String topic : List.of(Topics.VEHICLE_TELEMETRY, Topics.CHARGER_STATUS, Topics.CHARGING_SESSION,
        Topics.CHARGER_METER, Topics.FLEET_CONSTRAINT, Topics.DISPATCH_ACK, Topics.MARKET_PRICE,
        Topics.WEATHER_FORECAST, Topics.GRID_CONSTRAINT)) {
      for (int p = 0; p < partitionCount.applyAsInt(topic); p++) {
        String v = "tail-bus-" + p;
        String id = "-" + p + "-" + end.getEpochSecond();
        String cp = "tail-cp-" + p;
        SpecificRecord r = switch (topic) {
          case Topics.VEHICLE_TELEMETRY -> VehicleTelemetry.newBuilder().setProvider(TelematicsProvider.SIMULATOR)
              .setVehicleId(v).setTs(end).setSocPct(50.0).setStatus(VehicleStatus.PARKED).setDepotId(site).build();
          case Topics.CHARGER_STATUS -> ChargerStatus.newBuilder().setChargerId(cp).setConnectorId(1).setTs(end)
              .setStatus(ConnectorStatus.AVAILABLE).setOcppVersion("ocpp1.6").setSiteId(site).build();
          case Topics.CHARGING_SESSION -> ChargingSession.newBuilder().setSessionId("s-" + cp).setChargerId(cp)
              .setConnectorId(1).setEvent(SessionEvent.ENDED).setTs(end).setStartedAt(end.minusSeconds(600))
              .setEndedAt(end).setEnergyKwh(1.0).setDischargedKwh(0).setSiteId(site).build();
          case Topics.CHARGER_METER -> ChargerMeterValue.newBuilder().setChargerId(cp).setConnectorId(1).setTs(end)
              .setPowerKw(0.0).setEnergyImportKwh(1.0).setSiteId(site).build();
          case Topics.FLEET_CONSTRAINT -> FleetConstraint.newBuilder().setConstraintId("c-" + v).setFleetId("tail")
              .setVehicleId(v).setDepartureTime(end.plus(Duration.ofHours(12))).setRequiredSocPct(20).setIssuedAt(end)
              .build();
          case Topics.DISPATCH_ACK -> DispatchAck.newBuilder().setSetpointId("tail" + id).setChargerId(cp)
              .setStatus(AckStatus.ACCEPTED).setTs(end).build();
          case Topics.MARKET_PRICE -> MarketPrice.newBuilder().setIso(Iso.CAISO).setNode("TAIL").setMarket(MarketType.REAL_TIME)
              .setIntervalStart(end).setIntervalEnd(end.plus(Duration.ofMinutes(5))).setLmpPerMwh(500.0).build();
          case Topics.WEATHER_FORECAST -> WeatherForecast.newBuilder().setLocationId(site).setLatitudeDeg(0)
              .setLongitudeDeg(0).setProvider("e2e").setIssuedAt(end).setValidAt(end).setTemperatureC(-30.0).build();
          default -> GridConstraint.newBuilder().setConstraintId("limit-" + site + id)
              .setKind(ConstraintKind.SITE_LIMIT).setScopeId(site).setSiteIds(List.of(site)).setValidFrom(end)
              .setValidTo(end.plus(Duration.ofHours(1))).setImportLimitKw(1.0).setSource("e2e").setIssuedAt(end)
              .build();
        };
        out.add(new Keyed(topic, topic.equals(Topics.VEHICLE_TELEMETRY) || topic.equals(Topics.FLEET_CONSTRAINT)
            ? v : topic.equals(Topics.MARKET_PRICE) ? "CAISO:TAIL" : topic.equals(Topics.WEATHER_FORECAST)
            || topic.equals(Topics.GRID_CONSTRAINT) ? site : cp, r, p));
      }
    }
    return out;
  }

  static Instant eventTime(Keyed k) {
    SpecificRecord r = k.value();
    if (r instanceof VehicleTelemetry t) {
      return t.getTs();
    } else if (r instanceof ChargerStatus s) {
      return s.getTs();
    } else if (r instanceof ChargingSession s) {
      return s.getTs();
    } else if (r instanceof ChargerMeterValue m) {
      return m.getTs();
    } else if (r instanceof FleetConstraint c) {
      return c.getIssuedAt();
    } else if (r instanceof DispatchAck a) {
      return a.getTs();
    } else if (r instanceof MarketPrice p) {
      return p.getIntervalStart();
    } else if (r instanceof WeatherForecast w) {
      return w.getIssuedAt();
    }
    return ((GridConstraint) r).getIssuedAt();
  }
}
