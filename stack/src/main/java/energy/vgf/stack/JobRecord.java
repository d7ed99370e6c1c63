package energy.vgf.stack;

import java.time.Instant;

/**
 * A Flink job the stack submitted to its session cluster: {@code down} cancels it before the cluster stops, so
 * that its last checkpoint is retained and its Kafka transactions are aborted rather than left to time out.
 */
public record JobRecord(String name, String jobId, String jar, Instant submittedAt) {}
