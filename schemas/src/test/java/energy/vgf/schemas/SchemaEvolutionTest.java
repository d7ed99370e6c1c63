package energy.vgf.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fails the build when a contract change is not BACKWARD compatible with every committed version of
 * that contract (git history of schemas/avro), i.e. consumers on the new schema must still read
 * everything producers ever wrote with an old one. Checked with Avro's own SchemaCompatibility, the
 * same rule the registry applies at run time.
 */
class SchemaEvolutionTest {

  static Stream<Path> contracts() throws IOException {
    return Files.list(Path.of("avro")).filter(p -> p.toString().endsWith(".avsc")).sorted();
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void isBackwardCompatibleWithEveryCommittedVersion(Path file) throws Exception {
    Assumptions.assumeTrue(gitAvailable(), "not a git checkout: no history to compare with");
    Schema current = new Schema.Parser().parse(file.toFile());
    String repoPath = "schemas/avro/" + file.getFileName();
    List<String> problems = new ArrayList<>();
    for (String commit : git("log", "--format=%H", "--", repoPath).lines().toList()) {
      String text = git("show", commit + ":" + repoPath);
      if (text.isBlank()) {
        continue;
      }
      Schema committed = new Schema.Parser().parse(text);
      var result = SchemaCompatibility.checkReaderWriterCompatibility(current, committed);
      if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        problems.add(commit.substring(0, 10) + ": " + result.getResult().getIncompatibilities());
      }
    }
    assertThat(problems)
        .as("%s must stay BACKWARD compatible: add fields with defaults, never remove or retype a field "
            + "without a default; for a breaking change create a new record and topic", repoPath)
        .isEmpty();
  }

  private static boolean gitAvailable() {
    try {
      return !git("rev-parse", "--is-inside-work-tree").isBlank();
    } catch (Exception e) {
      return false;
    }
  }

  private static String git(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-C", ".."));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    byte[] out = process.getInputStream().readAllBytes();
    process.getErrorStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      return "";
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
