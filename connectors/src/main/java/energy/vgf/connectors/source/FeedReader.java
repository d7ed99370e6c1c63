package energy.vgf.connectors.source;

import energy.vgf.connectors.http.HttpStatusException;
import energy.vgf.connectors.http.HttpUnavailableException;
import java.util.Map;

/**
 * One resumable stream of a source (a vehicle feed, a node's prices, a location's forecast), read in
 * pages addressed by a token: a cursor, a version, or the last interval. The task stores
 * {token, skip} as the Connect source offset of every record, so a restarted task fetches the same
 * page again and skips what it already wrote: no gap, no duplicate, as long as a token's page is
 * stable (true for cursors and versions; interval tokens rely on sources appending in time order).
 */
public interface FeedReader {

  /** The Connect source partition, e.g. {source: caiso, node: TH_SP15_GEN-APND, market: DAM}. */
  Map<String, String> partition();

  /** Token of the first fetch when no offset is stored. */
  String initialToken();

  /** Fetches the page at the token. A payload that cannot be parsed at all raises MalformedPayloadException. */
  Page fetch(String token) throws HttpStatusException, HttpUnavailableException, MalformedPayloadException;
}
