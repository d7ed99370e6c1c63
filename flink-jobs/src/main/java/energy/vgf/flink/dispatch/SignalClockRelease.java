package energy.vgf.flink.dispatch;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Takes the market and grid signals (prices, weather, grid constraints) off dispatch's event-time clock: their
 * records pass unchanged, while their watermarks and statuses are replaced by a permanent "idle". A two-input operator leaves an
 * idle input out of its watermark, so dispatch's timers follow the fleet's streams (vehicles, chargers, acks) alone.
 *
 * <p>Used when {@code dispatch.wait.for.signals} is false. Why: each dispatch interval's plan waited for the
 * slowest signal partition. Real-time prices come every five minutes, forecasts every hour. Between two records a
 * partition holds its watermark at its last record until the source declares it idle. In the demo, setpoints were
 * created 1.3 s wall (median) after the start of their interval, about half an interval at 1,500 x. Without the
 * wait, dispatch decides with the latest signals it has, as a control room does. A price that arrives after a plan
 * is used by the next plan or re-plan. The price of this: a replay is no longer guaranteed the same plans.
 */
public final class SignalClockRelease<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {
  private static final long serialVersionUID = 1L;

  @Override
  public void open() throws Exception {
    super.open();
    output.emitWatermarkStatus(WatermarkStatus.IDLE);
  }

  @Override
  public void processElement(StreamRecord<T> element) {
    output.collect(element);
  }

  @Override
  public void processWatermark(Watermark mark) {
    // not forwarded: the signals do not hold dispatch's clock
  }

  @Override
  public void processWatermarkStatus(WatermarkStatus status) {
    // stays idle
  }
}
