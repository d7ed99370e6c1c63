package energy.vgf.serde.client;

/** The registry refused a schema because it breaks the subject's compatibility level (HTTP 409). */
public final class IncompatibleSchemaException extends SchemaRegistryException {
  public IncompatibleSchemaException(String subject, String registryMessage) {
    super("schema is incompatible with subject " + subject + ": " + registryMessage, 409, 409);
  }
}
