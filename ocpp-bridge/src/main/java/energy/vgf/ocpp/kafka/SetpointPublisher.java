package energy.vgf.ocpp.kafka;

import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.schemas.Topics;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes setpoints (operator overrides, tests) to the setpoint topic keyed by charger id. */
public final class SetpointPublisher implements AutoCloseable {
  private final KafkaProducer<String, Object> producer;

  public SetpointPublisher(KafkaSettings settings) {
    this.producer = new KafkaProducer<>(settings.producer());
  }

  public void publish(DispatchSetpoint sp) {
    try {
      producer.send(new ProducerRecord<>(Topics.DISPATCH_SETPOINT, sp.getChargerId(), sp)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not publish setpoint " + sp.getSetpointId() + ": " + e, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
