package energy.vgf.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The flink-jobs jar as the stack submits it: the shaded {@code -cluster} jar, entry class {@code VgfJobs}, and
 * the program arguments of the core and lake jobs ({@code <core|lake> --key value ...}, see flink-jobs/README.md).
 */
public final class StackJobs {

  public static final String ENTRY_CLASS = "energy.vgf.flink.VgfJobs";

  private StackJobs() {
  }

  /** The shaded cluster jar built by {@code mvn -pl flink-jobs package}. */
  public static Path clusterJar(Path repoRoot) {
    Path target = repoRoot.resolve("flink-jobs/target");
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(f -> f.getFileName().toString().matches("vgf-flink-jobs-.*-cluster\\.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no vgf-flink-jobs-*-cluster.jar in " + target
              + ": run mvn -pl flink-jobs package -DskipTests"));
    } catch (IOException e) {
      throw new UncheckedIOException("no " + target + ": run mvn -pl flink-jobs package -DskipTests", e);
    }
  }

  /**
   * Arguments of one job on the stack: its broker and registry, RocksDB with checkpoints under the run directory,
   * its own consumer group and transactional ids ({@code <prefix>} and {@code <prefix>-lake}: the two jobs read
   * the same topics and must not share offsets), and for the lake job the stack's REST catalog.
   *
   * @param overrides further {@code key -> value} settings (flink-jobs configuration keys), applied last
   */
  public static List<String> args(String job, String bootstrap, String registryUrl, String catalogUri,
                                  Path checkpointDir, String prefix, Map<String, String> overrides) {
    String id = job.equals("lake") ? prefix + "-lake" : prefix;
    List<String> args = new ArrayList<>(List.of(job,
        "--bootstrap.servers", bootstrap,
        "--schema.registry.url", registryUrl,
        "--group.id", id,
        "--transactional.id.prefix", id,
        "--state.backend", "rocksdb",
        "--checkpoint.dir", checkpointDir.resolve(job).toUri().toString()));
    if (job.equals("lake")) {
      args.addAll(List.of("--lake.catalog.type", "rest", "--lake.catalog.uri", catalogUri));
    }
    overrides.forEach((k, v) -> {
      args.add("--" + k);
      args.add(v);
    });
    return args;
  }
}
