package energy.vgf.ocpp.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import energy.vgf.ocpp.validation.OcppSchemaValidator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class RpcEndpointTest {
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final RpcTransport transport = new RpcTransport() {
    @Override
    public void send(String text, WriteListener onWritten) {
      sent.add(text);
      onWritten.written(null);
    }

    @Override
    public void close(int statusCode, String reason) {}
  };

  private RpcEndpoint endpoint(RpcOptions options) {
    return new RpcEndpoint("peer", OcppVersion.V201, transport, options, OcppSchemaValidator.shared(),
        call -> FrameCodec.newObject().put("currentTime", "2025-01-01T00:00:00Z"));
  }

  private static ObjectNode boot() {
    ObjectNode p = FrameCodec.newObject().put("reason", "PowerUp");
    p.putObject("chargingStation").put("model", "M").put("vendorName", "V");
    return p;
  }

  @Test
  void keepsOnlyOneOutgoingCallOutstanding() {
    RpcEndpoint ep = endpoint(RpcOptions.defaults());
    CompletableFuture<ObjectNode> first = ep.call("Heartbeat", FrameCodec.newObject());
    CompletableFuture<ObjectNode> second = ep.call("Heartbeat", FrameCodec.newObject());
    assertThat(sent).hasSize(1);
    String id = FrameCodec.MAPPER.readTree(sent.get(0)).get(1).asString();
    ep.onText("[3,\"" + id + "\",{\"currentTime\":\"2025-01-01T00:00:00Z\"}]");
    assertThat(first).isCompleted();
    assertThat(second).isNotDone();
    assertThat(sent).hasSize(2);
  }

  @Test
  void failsACallThatIsNotAnsweredInTime() {
    RpcEndpoint ep = endpoint(RpcOptions.defaults().withCallTimeout(Duration.ofMillis(100)));
    CompletableFuture<ObjectNode> call = ep.call("Heartbeat", FrameCodec.newObject());
    await().atMost(Duration.ofSeconds(2)).until(call::isDone);
    assertThatThrownBy(call::get).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(CallTimeoutException.class);
  }

  @Test
  void failsACallWhoseAnswerViolatesTheSchema() {
    RpcEndpoint ep = endpoint(RpcOptions.defaults());
    CompletableFuture<ObjectNode> call = ep.call("Heartbeat", FrameCodec.newObject());
    String id = FrameCodec.MAPPER.readTree(sent.get(0)).get(1).asString();
    ep.onText("[3,\"" + id + "\",{}]");
    assertThatThrownBy(call::get).hasCauseInstanceOf(RpcException.class).hasMessageContaining("currentTime");
  }

  @Test
  void refusesToSendAnInvalidCall() {
    RpcEndpoint ep = endpoint(RpcOptions.defaults());
    assertThatThrownBy(() -> ep.call("BootNotification", FrameCodec.newObject()).get())
        .hasCauseInstanceOf(RpcException.class);
    assertThat(sent).isEmpty();
  }

  @Test
  void mapsPeerCallErrorsToCodes() {
    RpcEndpoint ep = endpoint(RpcOptions.defaults());
    CompletableFuture<ObjectNode> call = ep.call("BootNotification", boot());
    String id = FrameCodec.MAPPER.readTree(sent.get(0)).get(1).asString();
    ep.onText("[4,\"" + id + "\",\"NotSupported\",\"nope\",{}]");
    assertThatThrownBy(call::get).hasCauseInstanceOf(RpcException.class);
    RpcException e = (RpcException) call.handle((r, t) -> t.getCause() != null ? t.getCause() : t).join();
    assertThat(e.code()).isEqualTo(RpcErrorCode.NOT_SUPPORTED);
  }

  @Test
  void failsQueuedCallsWhenTheConnectionCloses() {
    RpcEndpoint ep = endpoint(RpcOptions.defaults());
    CompletableFuture<ObjectNode> a = ep.call("Heartbeat", FrameCodec.newObject());
    CompletableFuture<ObjectNode> b = ep.call("Heartbeat", FrameCodec.newObject());
    ep.onClosed();
    assertThatThrownBy(a::get).hasCauseInstanceOf(ConnectionClosedException.class);
    assertThatThrownBy(b::get).hasCauseInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void answersIncomingCalls() {
    RpcEndpoint ep = endpoint(RpcOptions.defaults());
    ep.onText("[2,\"abc\",\"Heartbeat\",{}]");
    JsonNode answer = FrameCodec.MAPPER.readTree(sent.get(0));
    assertThat(answer.get(0).asInt()).isEqualTo(3);
    assertThat(answer.get(1).asString()).isEqualTo("abc");
  }
}
