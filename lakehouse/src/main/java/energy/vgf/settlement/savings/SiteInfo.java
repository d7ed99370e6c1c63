package energy.vgf.settlement.savings;

import java.io.Serializable;

/** A row of curated.site as the savings job needs it: who, where (time zone), which price node and emissions region. */
record SiteInfo(String siteId, String feederId, String fleetId, String node, String emissionsRegion, String zoneId,
                Double importLimitKw) implements Serializable {
}
