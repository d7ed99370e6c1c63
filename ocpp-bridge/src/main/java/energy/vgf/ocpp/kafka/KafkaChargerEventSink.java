package energy.vgf.ocpp.kafka;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.dispatch.DispatchAck;
import energy.vgf.ocpp.bridge.ChargerEventSink;
import energy.vgf.schemas.Topics;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes charger events to the catalogue topics, Avro via the registry, keyed by charger id. */
public final class KafkaChargerEventSink implements ChargerEventSink {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaChargerEventSink.class);
  private final KafkaProducer<String, Object> producer;

  public KafkaChargerEventSink(KafkaSettings settings) {
    this.producer = new KafkaProducer<>(settings.producer());
  }

  private void send(String topic, String key, Object value) {
    producer.send(new ProducerRecord<>(topic, key, value), (meta, e) -> {
      if (e != null) {
        LOG.error("could not publish to {} for charger {}: {}; check the broker and the registry", topic, key,
            e.toString());
      }
    });
  }

  @Override
  public void status(ChargerStatus status) {
    send(Topics.CHARGER_STATUS, status.getChargerId(), status);
  }

  @Override
  public void session(ChargingSession session) {
    send(Topics.CHARGING_SESSION, session.getChargerId(), session);
  }

  @Override
  public void meter(ChargerMeterValue meterValue) {
    send(Topics.CHARGER_METER, meterValue.getChargerId(), meterValue);
  }

  @Override
  public void ack(DispatchAck ack) {
    send(Topics.DISPATCH_ACK, ack.getChargerId(), ack);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
