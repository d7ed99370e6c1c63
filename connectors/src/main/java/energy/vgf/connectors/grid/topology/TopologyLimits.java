package energy.vgf.connectors.grid.topology;

import com.fasterxml.jackson.databind.JsonNode;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.grid.BaselineMethod;
import energy.vgf.grid.ConstraintKind;
import energy.vgf.grid.GridConstraint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Maps a topology file to GridConstraint limits: one FEEDER_LIMIT per feeder and TRANSFORMER_LIMIT per transformer
 * with a kVA rating (kW = kVA x power factor; the apparent-power rating bounds real power only through the PF), and
 * one SITE_LIMIT per site with kW limits. site_ids of a feeder or transformer are the sites beneath it. Limits are
 * open-ended (valid_to 9999-12-31) unless the file says otherwise; a later version replaces them by constraint_id.
 *
 * <pre>
 * issued_at: 2026-11-01T00:00:00Z      # optional (default: when read)
 * valid_from: 2026-11-01T00:00:00Z     # optional (default: issued_at)
 * power_factor: 0.95                   # optional (default: topology.power.factor)
 * feeders:
 *   - id: FDR-1203
 *     rating_kva: 10000
 *     transformers:
 *       - id: TX-1203-07
 *         rating_kva: 1500
 *         export_rating_kva: 750         # optional (default: rating_kva)
 *         sites:
 *           - id: depot-sj
 *             import_limit_kw: 1200
 *             export_limit_kw: 400
 * </pre>
 */
public final class TopologyLimits {

  public static final Instant OPEN_END = Instant.parse("9999-12-31T00:00:00Z");

  private TopologyLimits() {}

  /** YAML 1.1 (so JSON too), safe constructor: no arbitrary types from an operator's file. */
  public static JsonNode parse(String text) {
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (RuntimeException e) {
      throw new MappingException("not YAML or JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (!(doc instanceof java.util.Map)) {
      throw new MappingException("the top level is not a mapping with 'feeders'");
    }
    JsonNode node = JsonPayloads.MAPPER.valueToTree(doc);
    if (!node.path("feeders").isArray()) {
      throw new MappingException("no 'feeders' list");
    }
    return node;
  }

  public static List<FeedItem> map(JsonNode topology, double defaultPowerFactor, Instant readAt) {
    Instant issued = topology.has("issued_at") ? instant(topology.get("issued_at"), "issued_at") : readAt;
    Instant from = topology.has("valid_from") ? instant(topology.get("valid_from"), "valid_from") : issued;
    Instant to = topology.has("valid_to") ? instant(topology.get("valid_to"), "valid_to") : OPEN_END;
    double pf = topology.has("power_factor") ? topology.get("power_factor").asDouble() : defaultPowerFactor;
    if (pf <= 0 || pf > 1) {
      throw new MappingException("power_factor " + topology.get("power_factor") + " is outside (0, 1]");
    }
    Context c = new Context(issued, from, to, pf);
    List<FeedItem> out = new ArrayList<>();
    for (JsonNode feeder : topology.get("feeders")) {
      try {
        String feederId = JsonPayloads.text(feeder, "id");
        List<String> feederSites = new ArrayList<>();
        List<FeedItem> below = new ArrayList<>();
        for (JsonNode tx : feeder.path("transformers")) {
          try {
            String txId = JsonPayloads.text(tx, "id");
            List<String> txSites = new ArrayList<>();
            List<FeedItem> txItems = new ArrayList<>();
            for (JsonNode site : tx.path("sites")) {
              try {
                String siteId = site.isTextual() ? site.asText() : JsonPayloads.text(site, "id");
                txSites.add(siteId);
                Double imp = site.isObject() ? kw(site, "import_limit_kw") : null;
                Double exp = site.isObject() ? kw(site, "export_limit_kw") : null;
                if (imp != null || exp != null) {
                  txItems.add(c.item(ConstraintKind.SITE_LIMIT, siteId, List.of(siteId), imp, exp));
                }
              } catch (MappingException e) {
                txItems.add(FeedItem.rejected(site.toString(), new MappingException("topology site under transformer "
                    + txId + ": " + e.getMessage())));
              }
            }
            feederSites.addAll(txSites);
            Double rating = kva(tx, "rating_kva");
            Double exportRating = kva(tx, "export_rating_kva");
            if (rating != null) {
              txItems.add(0, c.item(ConstraintKind.TRANSFORMER_LIMIT, txId, txSites, rating * pf,
                  (exportRating != null ? exportRating : rating) * pf));
            }
            below.addAll(txItems);
          } catch (MappingException e) {
            below.add(FeedItem.rejected(tx.toString(), new MappingException("topology transformer "
                + tx.path("id").asText("?") + " under feeder " + feederId + ": " + e.getMessage())));
          }
        }
        Double rating = kva(feeder, "rating_kva");
        if (rating != null) {
          out.add(c.item(ConstraintKind.FEEDER_LIMIT, feederId, feederSites, rating * pf, rating * pf));
        }
        out.addAll(below);
      } catch (MappingException e) {
        out.add(FeedItem.rejected(feeder.toString(), new MappingException("topology feeder "
            + feeder.path("id").asText("?") + ": " + e.getMessage())));
      }
    }
    return out;
  }

  private static Double kva(JsonNode node, String field) {
    Double v = JsonPayloads.optionalNumber(node, field);
    if (v != null && v <= 0) {
      throw new MappingException(field + " " + v + " must be positive");
    }
    return v;
  }

  private static Double kw(JsonNode node, String field) {
    Double v = JsonPayloads.optionalNumber(node, field);
    if (v != null && v < 0) {
      throw new MappingException(field + " " + v + " must not be negative");
    }
    return v;
  }

  /** ISO-8601 text, or the epoch milliseconds a YAML timestamp becomes. */
  private static Instant instant(JsonNode node, String field) {
    if (node.isNumber()) {
      return Instant.ofEpochMilli(node.asLong());
    }
    try {
      return OffsetDateTime.parse(node.asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw new MappingException(field + " '" + node.asText() + "' is not an ISO-8601 time with offset");
    }
  }

  private record Context(Instant issued, Instant from, Instant to, double pf) {
    FeedItem item(ConstraintKind kind, String scope, List<String> sites, Double importKw, Double exportKw) {
      GridConstraint g = GridConstraint.newBuilder()
          .setConstraintId("topology:" + kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + scope)
          .setKind(kind)
          .setScopeId(scope)
          .setSiteIds(List.copyOf(sites))
          .setValidFrom(from)
          .setValidTo(to)
          .setImportLimitKw(importKw)
          .setExportLimitKw(exportKw)
          .setProgramId(null)
          .setBaselineMethod(BaselineMethod.NONE)
          .setPaymentPerKwh(null)
          .setTargetReductionKw(null)
          .setSource("topology-file")
          .setIssuedAt(issued)
          .build();
      return new FeedItem.Mapped(scope, g, issued);
    }
  }
}
