package energy.vgf.simulator.fleet;

import energy.vgf.simulator.depot.Depot;
import energy.vgf.simulator.depot.PluggedVehicle;
import energy.vgf.simulator.weather.WeatherModel;
import energy.vgf.telemetry.TelematicsProvider;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated vehicle: its plan (drawn day by day, in date order, from its own random stream),
 * battery, odometer and position. Driving draws energy by distance x consumption x temperature
 * factor; at the depot the charger's applied power fills the battery. It keeps an energy ledger so
 * that SoC change = charged - driven (+ any shortfall when a battery would go below empty).
 */
public final class Vehicle implements PluggedVehicle {

  private static final double KM_PER_DEG_LAT = 111.32;

  private final String id;
  private final String fleetId;
  private final ArchetypeSpec spec;
  private final Depot depot;
  private final WeatherModel weather;
  private final ZoneId zone;
  private final SplittableRandom random;
  private final double capacityKwh;
  private final double kwhPerKm;
  private final double homeLat;
  private final double homeLon;

  private double socKwh;
  private double odometerKm;
  private final double initialSocKwh;
  private double chargedKwh;
  private double dischargedKwh;
  private double drivenKwh;
  private double gridKwh;
  private double shortfallKwh;
  private double lastPowerKw;
  private int cappedBlocks;

  private final Deque<Trip> upcoming = new ArrayDeque<>();
  private final List<Trip> driven = new ArrayList<>();
  private LocalDate plannedThrough;
  private Trip current;

  public Vehicle(String id, String fleetId, ArchetypeSpec spec, Depot depot, WeatherModel weather, ZoneId zone,
      SplittableRandom random, LocalDate firstDate) {
    this.id = id;
    this.fleetId = fleetId;
    this.spec = spec;
    this.depot = depot;
    this.weather = weather;
    this.zone = zone;
    this.random = random;
    this.capacityKwh = round(spec.batteryKwh().sample(random), 1);
    this.kwhPerKm = spec.energyKwhPerKm().sample(random);
    this.socKwh = capacityKwh * spec.initialSocPct().sample(random) / 100;
    this.initialSocKwh = socKwh;
    this.odometerKm = round(5_000 + 75_000 * random.nextDouble(), 1);
    // Each vehicle has its own parking bay, a few metres apart, so positions are distinguishable.
    this.homeLat = depot.spec().latitudeDeg() + (random.nextDouble() - 0.5) * 0.001;
    this.homeLon = depot.spec().longitudeDeg() + (random.nextDouble() - 0.5) * 0.001;
    this.plannedThrough = firstDate.minusDays(1);
  }

  @Override
  public String vehicleId() {
    return id;
  }

  public String fleetId() {
    return fleetId;
  }

  public ArchetypeSpec archetype() {
    return spec;
  }

  public Depot depot() {
    return depot;
  }

  @Override
  public double capacityKwh() {
    return capacityKwh;
  }

  public double kwhPerKm() {
    return kwhPerKm;
  }

  @Override
  public double socPct() {
    return 100 * socKwh / capacityKwh;
  }

  public boolean driving() {
    return current != null;
  }

  @Override
  public double acceptKw() {
    if (current != null) {
      return 0;
    }
    // The same curve as the OCPP charge-point simulator's SimVehicle, so both twins charge alike.
    return PluggedVehicle.taperedKw(spec.maxChargeKw(), socPct());
  }

  @Override
  public double maxChargeKw() {
    return spec.maxChargeKw();
  }

  @Override
  public double requiredSocPct() {
    return spec.requiredSocPct();
  }

  @Override
  public long nextDepartureEpochS() {
    Trip next = upcoming.peekFirst();
    return next == null ? Long.MAX_VALUE : next.departEpochS();
  }

  @Override
  public void applyPower(double gridKw, double efficiency, int stepS) {
    lastPowerKw = gridKw;
    addGridEnergy(gridKw * stepS / 3600, efficiency);
  }

  @Override
  public void settleEnergy(double gridKwh, double efficiency) {
    addGridEnergy(gridKwh, efficiency);
    lastPowerKw = 0; // unplugged
  }

  private void addGridEnergy(double gridEnergy, double efficiency) {
    gridKwh += gridEnergy;
    if (gridEnergy >= 0) {
      double in = gridEnergy * efficiency;
      socKwh += in;
      chargedKwh += in;
    } else {
      double out = -gridEnergy / efficiency;
      socKwh -= out;
      dischargedKwh += out;
    }
  }

  /** Plans service days (in date order) until the plan covers {@code date}. */
  public void planThrough(LocalDate date) {
    while (plannedThrough.isBefore(date)) {
      plannedThrough = plannedThrough.plusDays(1);
      planDay(plannedThrough);
    }
  }

  private void planDay(LocalDate date) {
    boolean service = spec.isServiceDay(date);
    // Draw every value whether or not the day or block runs, so one day's calendar does not shift
    // the random sequence of the following days.
    double dailyKm = spec.dailyDistanceKm().sample(random);
    List<Block> blocks = spec.blocks();
    boolean[] runs = new boolean[blocks.size()];
    int[] departMin = new int[blocks.size()];
    int[] durationMin = new int[blocks.size()];
    double[] heading = new double[blocks.size()];
    double shares = 0;
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      runs[i] = random.nextDouble() < b.probability();
      departMin[i] = b.departure().sampleMinutes(random);
      durationMin[i] = Math.max(10, (int) Math.round(b.durationMin().sample(random)));
      heading[i] = random.nextDouble() * 2 * Math.PI;
      if (runs[i]) {
        shares += b.distanceShare();
      }
    }
    if (!service || shares == 0) {
      return;
    }
    long notBefore = upcoming.isEmpty() ? Long.MIN_VALUE : upcoming.peekLast().arriveEpochS() + 600;
    for (int i = 0; i < blocks.size(); i++) {
      if (!runs[i]) {
        continue;
      }
      long depart = date.atStartOfDay(zone).toEpochSecond() + departMin[i] * 60L;
      depart = Math.max(depart, notBefore);
      long arrive = depart + durationMin[i] * 60L;
      double km = dailyKm * blocks.get(i).distanceShare() / shares;
      // Routes are sized to the battery: a block may not need more than the usable energy.
      double factor = spec.temperatureFactor(weather.temperatureC((depart + arrive) / 2));
      double usableKwh = capacityKwh * (100 - spec.reserveSocPct()) / 100;
      double maxKm = usableKwh / (kwhPerKm * factor);
      if (km > maxKm) {
        km = maxKm;
        cappedBlocks++;
      }
      upcoming.addLast(new Trip(blocks.get(i).name(), depart, arrive, km, heading[i]));
      notBefore = arrive + 600;
    }
  }

  /** Leaves the depot if the next trip is due. Returns true when the vehicle departed. */
  public boolean departIfDue(long epochS) {
    Trip next = upcoming.peekFirst();
    if (current != null || next == null || next.departEpochS() > epochS) {
      return false;
    }
    current = upcoming.pollFirst();
    depot.depart(epochS, this);
    lastPowerKw = 0;
    return true;
  }

  /** Returns to the depot if the trip is over. Returns true when the vehicle arrived. */
  public boolean arriveIfDue(long epochS) {
    if (current == null || current.arriveEpochS() > epochS) {
      return false;
    }
    driven.add(current);
    current = null;
    depot.arrive(epochS, this);
    return true;
  }

  /** Drives over [epochS, epochS + stepS) if on a trip. */
  public void drive(long epochS, int stepS) {
    if (current == null) {
      return;
    }
    double p0 = current.progress(current.tau(epochS));
    double p1 = current.progress(current.tau(epochS + stepS));
    double km = current.distanceKm() * (p1 - p0);
    double kwh = km * kwhPerKm * spec.temperatureFactor(weather.temperatureC(epochS + stepS / 2));
    odometerKm += km;
    drivenKwh += kwh;
    socKwh -= kwh;
    if (socKwh < 0) {
      shortfallKwh += -socKwh;
      socKwh = 0;
    }
  }

  public VehicleStatus status() {
    if (current != null) {
      return VehicleStatus.DRIVING;
    }
    if (lastPowerKw > 0) {
      return VehicleStatus.CHARGING;
    }
    return lastPowerKw < 0 ? VehicleStatus.DISCHARGING : VehicleStatus.PARKED;
  }

  /** The telematics observation at {@code epochS}. */
  public VehicleTelemetry observe(long epochS) {
    double lat = homeLat;
    double lon = homeLon;
    double speed = 0;
    String depotId = depot.spec().id();
    if (current != null) {
      double tau = current.tau(epochS);
      double r = current.distanceKm() / (2 * Math.PI);
      double h = current.headingRad();
      double phi = h + Math.PI + 2 * Math.PI * current.progress(tau);
      double eastKm = r * Math.cos(h) + r * Math.cos(phi);
      double northKm = r * Math.sin(h) + r * Math.sin(phi);
      lat = homeLat + northKm / KM_PER_DEG_LAT;
      lon = homeLon + eastKm / (KM_PER_DEG_LAT * Math.cos(Math.toRadians(homeLat)));
      speed = current.speedKmh(tau);
      depotId = null;
    }
    return new VehicleTelemetry(TelematicsProvider.SIMULATOR, id, Instant.ofEpochSecond(epochS),
        round(socPct(), 2), round(odometerKm, 3), round(lat, 6), round(lon, 6), round(speed, 1), status(),
        depotId, fleetId, round(weather.temperatureC(epochS), 1));
  }

  public VehicleLedger ledger() {
    return new VehicleLedger(id, fleetId, spec.name(), depot.spec().id(), capacityKwh, initialSocKwh, socKwh,
        chargedKwh, dischargedKwh, drivenKwh, gridKwh, shortfallKwh, cappedBlocks, List.copyOf(driven));
  }

  static double round(double v, int decimals) {
    double f = decimals == 1 ? 10 : decimals == 2 ? 100 : decimals == 3 ? 1000 : Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}
