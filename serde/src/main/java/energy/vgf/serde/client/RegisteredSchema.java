package energy.vgf.serde.client;

import org.apache.avro.Schema;

/** A schema as registered under a subject: its global id and its version in that subject. */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {}
