package energy.vgf.stack;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one directory a stack lives in: every service's log, data and the {@code services.json} that
 * records what was started, so that {@code down} stops exactly what {@code up} started.
 */
public final class RunDirectory {

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;

  public RunDirectory(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  public Path logs() {
    return dir("logs");
  }

  public Path dir(String name) {
    Path dir = root.resolve(name);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    return dir;
  }

  /** A marker on every child JVM's command line, so operators can tell the stack's processes in ps. */
  public String marker() {
    return "-Dvgf.stack.dir=" + root;
  }

  public synchronized List<ServiceRecord> services() {
    Path file = root.resolve("services.json");
    if (!Files.exists(file)) {
      return new ArrayList<>();
    }
    try {
      return JSON.readValue(file.toFile(), new TypeReference<List<ServiceRecord>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": delete it if no stack runs", e);
    }
  }

  public synchronized void record(ServiceRecord service) {
    List<ServiceRecord> services = services();
    services.removeIf(s -> s.name().equals(service.name()));
    services.add(service);
    write(services);
  }

  public synchronized void forget(String name) {
    List<ServiceRecord> services = services();
    services.removeIf(s -> s.name().equals(name));
    write(services);
  }

  /** The Flink jobs submitted by the stack, in submission order ({@code jobs.json}). */
  public synchronized List<JobRecord> jobs() {
    Path file = root.resolve("jobs.json");
    if (!Files.exists(file)) {
      return new ArrayList<>();
    }
    try {
      return JSON.readValue(file.toFile(), new TypeReference<List<JobRecord>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": delete it if no stack runs", e);
    }
  }

  public synchronized void recordJob(JobRecord job) {
    List<JobRecord> jobs = jobs();
    jobs.removeIf(j -> j.name().equals(job.name()));
    jobs.add(job);
    writeAtomically("jobs.json", jobs);
  }

  public synchronized void forgetJobs() {
    writeAtomically("jobs.json", List.of());
  }

  private void write(List<ServiceRecord> services) {
    writeAtomically("services.json", services);
  }

  private void writeAtomically(String name, Object value) {
    try {
      Files.createDirectories(root);
      Path tmp = root.resolve(name + ".tmp");
      JSON.writeValue(tmp.toFile(), value);
      Files.move(tmp, root.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the stack's " + name + " in " + root, e);
    }
  }
}
