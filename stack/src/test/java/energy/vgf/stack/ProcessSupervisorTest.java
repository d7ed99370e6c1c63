package energy.vgf.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSupervisorTest {

  @TempDir
  Path dir;

  @Test
  void startsLogsFindsReadinessAndStopsWhatItStarted() {
    ProcessSupervisor supervisor = new ProcessSupervisor(new RunDirectory(dir));
    Process child = supervisor.start("echoer", List.of("bash", "-c",
        "echo 'service ready at http://127.0.0.1:1234'; sleep 60"));
    String url = supervisor.awaitLogLine("echoer", child, Pattern.compile("ready at (\\S+)"), Duration.ofSeconds(10));
    assertThat(url).isEqualTo("http://127.0.0.1:1234");
    ServiceRecord recorded = supervisor.run().services().get(0);
    assertThat(recorded.pid()).isEqualTo(child.pid());

    assertThat(supervisor.stopAll(Duration.ofSeconds(10))).containsExactly("echoer");
    assertThat(child.isAlive()).isFalse();
    assertThat(supervisor.run().services()).isEmpty();
  }

  @Test
  void neverSignalsAPidThatIsNotOurs() throws Exception {
    Process stranger = new ProcessBuilder("sleep", "30").start();
    try {
      RunDirectory run = new RunDirectory(dir);
      run.record(new ServiceRecord("recycled", stranger.pid(), dir.resolve("x.log").toString(), null, Instant.now()));
      ProcessSupervisor supervisor = new ProcessSupervisor(run);
      assertThat(supervisor.isRunning(run.services().get(0))).isFalse();
      supervisor.stopAll(Duration.ofSeconds(2));
      assertThat(stranger.isAlive()).isTrue();
    } finally {
      stranger.destroyForcibly();
    }
  }

  @Test
  void reportsTheLogTailWhenAServiceDiesBeforeItIsReady() throws Exception {
    ProcessSupervisor supervisor = new ProcessSupervisor(new RunDirectory(dir));
    Process child = supervisor.start("crasher", List.of("bash", "-c", "echo 'port 9092 already in use'; exit 3"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            supervisor.awaitLogLine("crasher", child, Pattern.compile("service ready"), Duration.ofSeconds(10)))
        .hasMessageContaining("exited with code 3").hasMessageContaining("already in use");
    assertThat(Files.exists(supervisor.logOf("crasher"))).isTrue();
  }
}
