package energy.vgf.serde.client;

/** A payload names a schema id that the registry does not know (Confluent error 40403). */
public final class UnknownSchemaIdException extends SchemaRegistryException {
  private final int schemaId;

  public UnknownSchemaIdException(int schemaId, String registryMessage) {
    super("schema id " + schemaId + " is not known to the registry: " + registryMessage, 404, 40403);
    this.schemaId = schemaId;
  }

  public int schemaId() {
    return schemaId;
  }
}
