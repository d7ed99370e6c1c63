package energy.vgf.flink.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignalClockReleaseTest {
  private OneInputStreamOperatorTestHarness<String, String> harness;

  @BeforeEach
  void open() throws Exception {
    harness = new OneInputStreamOperatorTestHarness<>(new SignalClockRelease<>());
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void announcesItsOutputIdleAtOnceSoThatDispatchDoesNotWaitForIt() {
    assertThat(new ArrayList<>(harness.getOutput())).containsExactly(WatermarkStatus.IDLE);
  }

  @Test
  void passesEveryRecordWithItsTimestampButNoWatermarkAndNoReturnToActive() throws Exception {
    harness.processElement(new StreamRecord<>("price 1", 1_000L));
    harness.processWatermark(new Watermark(1_000L));
    harness.processWatermarkStatus(WatermarkStatus.ACTIVE);
    harness.processElement(new StreamRecord<>("price 2", 2_000L));
    harness.processWatermark(new Watermark(2_000L));

    List<Object> out = new ArrayList<>(harness.getOutput());
    assertThat(out).containsExactly(WatermarkStatus.IDLE, new StreamRecord<>("price 1", 1_000L), new StreamRecord<>("price 2", 2_000L));
  }
}
