package energy.vgf.connectors.source;

import java.util.List;

/**
 * What one fetch at a token returned.
 *
 * @param items      in a stable order for the token: a restarted task skips the ones it already wrote
 * @param nextToken  where the next fetch starts (the same token when the source may still append to it)
 * @param more       true when the source said more is available now (fetch again without waiting)
 * @param newVersion true when the page is not the one the token's skip counted, but a later version of the
 *                   source (a forecast issued since): none of its items was written, so none is skipped
 */
public record Page(List<FeedItem> items, String nextToken, boolean more, boolean newVersion) {

  public Page(List<FeedItem> items, String nextToken, boolean more) {
    this(items, nextToken, more, false);
  }

  public static Page empty(String token) {
    return new Page(List.of(), token, false);
  }
}
