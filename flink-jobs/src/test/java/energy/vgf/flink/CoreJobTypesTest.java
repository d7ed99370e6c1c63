package energy.vgf.flink;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Every record type and state type of the jobs has explicit type information (Avro or POJO): none falls back to
 * Kryo, which is slow on every shuffle and cannot evolve state. With generic types disabled, building the job
 * graph fails on the first Kryo type.
 */
class CoreJobTypesTest {

  private static StreamExecutionEnvironment withoutGenericTypes() {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    return StreamExecutionEnvironment.getExecutionEnvironment(conf);
  }

  @Test
  void buildsTheCoreJobWithoutAnyKryoType() {
    StreamExecutionEnvironment env = withoutGenericTypes();
    VgfJobs.define(env, "core", Fixtures.config());
    assertThat(env.getStreamGraph().getJobGraph().getVertices()).isNotEmpty();
  }

  @Test
  void buildsTheLakeJobWithoutAnyKryoType() {
    StreamExecutionEnvironment env = withoutGenericTypes();
    VgfJobs.define(env, "lake", Fixtures.config());
    assertThat(env.getStreamGraph().getJobGraph().getVertices()).isNotEmpty();
  }
}
