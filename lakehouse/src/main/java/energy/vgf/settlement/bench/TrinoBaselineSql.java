package energy.vgf.settlement.bench;

import energy.vgf.settlement.SimulatedSettlementData;
import energy.vgf.settlement.baseline.HolidayCalendar;
import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The CAISO 10-in-10 baseline with its capped same-day adjustment, written as Trino SQL over the same raw
 * tables the Flink job reads: the benchmark's reference and an independent check of the Java implementation.
 * Same rules: weekdays only, holidays and event days excluded, 45-day look-back, days with a missing or
 * unusable interval skipped, at least 5 days, adjustment window [start - 4 h, start - 1 h), ratio in [0.8, 1.2].
 */
public final class TrinoBaselineSql {

  private TrinoBaselineSql() {
  }

  /** One row: (sum of unadjusted baseline kWh, sum of adjusted baseline kWh, event-meter baselines). */
  public static String caisoTotals(String meterTable, String programId) {
    String zone = SimulatedSettlementData.CAISO_ZONE.getId();
    Set<LocalDate> holidays = new TreeSet<>();
    for (int y = 2024; y <= 2030; y++) {
      holidays.addAll(HolidayCalendar.nercHolidays(y));
    }
    String holidayList = holidays.stream().map(d -> "DATE '" + d + "'").collect(Collectors.joining(", "));
    String local = "(interval_start AT TIME ZONE '" + zone + "')";
    return """
        WITH ev AS (
          SELECT constraint_id AS event_id, valid_from, valid_to,
                 CAST(valid_from AT TIME ZONE '%1$s' AS date) AS event_day,
                 hour(valid_from AT TIME ZONE '%1$s') * 60 + minute(valid_from AT TIME ZONE '%1$s') AS s_mod,
                 hour(valid_to AT TIME ZONE '%1$s') * 60 + minute(valid_to AT TIME ZONE '%1$s') AS e_mod
          FROM raw.grid_constraint
          WHERE kind = 'DEMAND_RESPONSE_EVENT' AND program_id = '%2$s'),
        ev_days AS (SELECT DISTINCT event_day FROM ev),
        rl AS (
          SELECT site_id, meter_id, CAST(%3$s AS date) AS d, hour(%3$s) * 60 + minute(%3$s) AS mod,
                 energy_import_kwh AS kwh, quality IN ('VALID', 'ESTIMATED') AS usable
          FROM raw.%4$s
          WHERE interval_start >= (SELECT min(valid_from) FROM ev) - INTERVAL '47' DAY
            AND interval_start < (SELECT max(valid_to) FROM ev) + INTERVAL '1' DAY
            AND mod(coalesce(try_cast(substr(site_id, 6) AS integer), 1), 2) = 0),  -- simulated CAISO sites: even site-NNNNN
        wanted AS (
          SELECT e.event_id, e.event_day, e.s_mod, e.e_mod, r.site_id, r.meter_id, r.d, r.mod, r.kwh, r.usable
          FROM ev e JOIN rl r
            ON r.d BETWEEN date_add('day', -45, e.event_day) AND e.event_day
           AND ((r.mod >= e.s_mod - 240 AND r.mod < e.s_mod - 60) OR (r.mod >= e.s_mod AND r.mod < e.e_mod))),
        cand AS (
          SELECT event_id, site_id, meter_id, d
          FROM wanted
          WHERE d < event_day AND day_of_week(d) <= 5 AND d NOT IN (SELECT event_day FROM ev_days)
            AND d NOT IN (%5$s)
          GROUP BY event_id, site_id, meter_id, d, s_mod, e_mod
          HAVING count_if(usable) = (e_mod - s_mod) / 15 + 12),
        sel AS (
          SELECT * FROM (
            SELECT c.*, row_number() OVER (PARTITION BY event_id, site_id, meter_id ORDER BY d DESC) AS rn FROM cand c)
          WHERE rn <= 10),
        enough AS (SELECT event_id, site_id, meter_id FROM sel GROUP BY 1, 2, 3 HAVING count(*) >= 5),
        per_mod AS (
          SELECT w.event_id, w.site_id, w.meter_id, w.mod, w.s_mod, avg(w.kwh) AS b
          FROM wanted w
          JOIN sel s ON s.event_id = w.event_id AND s.site_id = w.site_id AND s.meter_id = w.meter_id AND s.d = w.d
          JOIN enough n ON n.event_id = w.event_id AND n.site_id = w.site_id AND n.meter_id = w.meter_id
          GROUP BY 1, 2, 3, 4, 5),
        day_of AS (
          SELECT event_id, site_id, meter_id, avg(kwh) AS actual
          FROM wanted
          WHERE d = event_day AND mod >= s_mod - 240 AND mod < s_mod - 60
          GROUP BY event_id, site_id, meter_id
          HAVING count_if(usable) = 12),
        ratio AS (
          SELECT p.event_id, p.site_id, p.meter_id,
                 CASE WHEN avg(p.b) <= 0 THEN 1.0 ELSE greatest(0.8, least(1.2, max(a.actual) / avg(p.b))) END AS r
          FROM per_mod p JOIN day_of a ON a.event_id = p.event_id AND a.site_id = p.site_id AND a.meter_id = p.meter_id
          WHERE p.mod < p.s_mod
          GROUP BY 1, 2, 3)
        SELECT sum(p.b) AS unadjusted_kwh, sum(p.b * x.r) AS adjusted_kwh, count(DISTINCT (p.event_id, p.site_id)) AS baselines
        FROM per_mod p JOIN ratio x ON x.event_id = p.event_id AND x.site_id = p.site_id AND x.meter_id = p.meter_id
        WHERE p.mod >= p.s_mod
        """.formatted(zone, programId, local, meterTable, holidayList);
  }

  /** Back-compatible name used by the IT: first column is the unadjusted total. */
  public static String caisoUnadjustedTotal(String meterTable, String programId) {
    return caisoTotals(meterTable, programId);
  }
}
