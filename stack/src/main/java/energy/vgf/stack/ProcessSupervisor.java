package energy.vgf.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts detached child processes that outlive the launching command, logs each to its own file,
 * waits for readiness, and stops them by PID — only after checking that the PID still has the start
 * time recorded when it was launched, so a recycled PID of someone else's process is never signalled.
 */
public final class ProcessSupervisor {

  private final RunDirectory run;

  public ProcessSupervisor(RunDirectory run) {
    this.run = run;
  }

  public RunDirectory run() {
    return run;
  }

  /** Starts a JVM child: {@code java <jvmArgs> <marker> <mainAndArgs>}, output to logs/{name}.log. */
  public Process startJava(String name, List<String> jvmArgs, List<String> mainAndArgs) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add(run.marker());
    command.addAll(mainAndArgs);
    return start(name, command);
  }

  public Process start(String name, List<String> command) {
    Path log = logOf(name);
    try {
      Files.deleteIfExists(log);
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .directory(run.root().toFile())
          .start();
      // The start instant with the pid identifies the process: a recycled pid has another start time.
      Instant startedAt = process.toHandle().info().startInstant().orElse(Instant.now());
      run.record(new ServiceRecord(name, process.pid(), log.toString(), null, startedAt));
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  public Path logOf(String name) {
    return run.logs().resolve(name + ".log");
  }

  /** Waits until the service's log has a line matching the pattern; returns the first group (or the line). */
  public String awaitLogLine(String name, Process process, Pattern pattern, Duration timeout) {
    Path log = logOf(name);
    return await(name, process, timeout, () -> {
      try {
        if (!Files.exists(log)) {
          return Optional.empty();
        }
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
          Matcher m = pattern.matcher(line);
          if (m.find()) {
            return Optional.of(m.groupCount() > 0 ? m.group(1) : line);
          }
        }
        return Optional.empty();
      } catch (IOException e) {
        return Optional.empty();
      }
    });
  }

  /** Polls a probe until it yields a value, failing early (with the log's tail) if the process dies. */
  public <T> T await(String name, Process process, Duration timeout, Supplier<Optional<T>> probe) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException(name + " exited with code " + process.exitValue() + " before it was ready:\n"
            + tail(name, 30));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(name + " was not ready within " + timeout + ":\n" + tail(name, 30));
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
    }
  }

  public void recordEndpoint(String name, String endpoint) {
    run.services().stream().filter(s -> s.name().equals(name)).findFirst().ifPresent(s ->
        run.record(new ServiceRecord(s.name(), s.pid(), s.logFile(), endpoint, s.startedAt())));
  }

  /** Whether the recorded process is alive and still ours. */
  public boolean isRunning(ServiceRecord service) {
    return ProcessHandle.of(service.pid()).filter(ProcessHandle::isAlive).filter(h -> isOurs(h, service)).isPresent();
  }

  private static boolean isOurs(ProcessHandle handle, ServiceRecord service) {
    return handle.info().startInstant().map(start -> start.equals(service.startedAt())).orElse(false);
  }

  /** Stops every recorded service in reverse start order: SIGTERM, then SIGKILL after the grace period. */
  public List<String> stopAll(Duration grace) {
    List<ServiceRecord> services = run.services();
    List<String> stopped = new ArrayList<>();
    for (int i = services.size() - 1; i >= 0; i--) {
      ServiceRecord service = services.get(i);
      stop(service, grace);
      stopped.add(service.name());
      run.forget(service.name());
    }
    return stopped;
  }

  public void stop(ServiceRecord service, Duration grace) {
    Optional<ProcessHandle> handle = ProcessHandle.of(service.pid()).filter(h -> isOurs(h, service));
    if (handle.isEmpty()) {
      return;
    }
    ProcessHandle process = handle.get();
    process.destroy();
    try {
      process.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
    }
  }

  public String tail(String name, int lines) {
    try {
      List<String> all = Files.readAllLines(logOf(name), StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log at " + logOf(name) + ")";
    }
  }
}
