package energy.vgf.stack;

import java.time.Instant;

/**
 * One process the stack started: enough to find it again (pid + the run-directory marker on its
 * command line), read its log and reach it.
 */
public record ServiceRecord(String name, long pid, String logFile, String endpoint, Instant startedAt) {}
