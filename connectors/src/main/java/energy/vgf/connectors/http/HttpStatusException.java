package energy.vgf.connectors.http;

/** A response with a status that retrying will not fix (4xx other than 408/429). */
public final class HttpStatusException extends Exception {

  private final int status;
  private final String uri;
  private final String bodyExcerpt;

  public HttpStatusException(int status, String uri, String bodyExcerpt) {
    super("HTTP " + status + " from " + uri + (bodyExcerpt.isEmpty() ? "" : ": " + bodyExcerpt));
    this.status = status;
    this.uri = uri;
    this.bodyExcerpt = bodyExcerpt;
  }

  public int status() {
    return status;
  }

  public String uri() {
    return uri;
  }

  public String bodyExcerpt() {
    return bodyExcerpt;
  }

  /** 401/403: credentials are wrong or revoked; only an operator can fix that. */
  public boolean isAuthFailure() {
    return status == 401 || status == 403;
  }
}
