package energy.vgf.cli.connect;

import energy.vgf.cli.platform.ServiceLifecycle;
import energy.vgf.serde.connect.VgfAvroConverter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.storage.StringConverter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts a local Kafka Connect worker (distributed mode, REST on 127.0.0.1) with the VGF source
 * connectors and the registry converter, against an existing broker and registry. Keys are written as
 * strings and values as registry-framed Avro, the platform's convention. Stops on SIGTERM or Ctrl-C.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
    description = {"Runs a local Kafka Connect worker (distributed mode) with the VGF source connectors installed.",
        "Create connectors through its REST API, e.g. curl -X PUT -H 'Content-Type: application/json' "
            + "--data @connectors/config/samsara.json http://127.0.0.1:8083/connectors/samsara/config",
        "Stops cleanly on SIGTERM or Ctrl-C."})
public final class ConnectCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers. Default: ${DEFAULT-VALUE}.")
  String bootstrap;

  @Option(names = "--registry", defaultValue = "http://127.0.0.1:8081",
      description = "Schema registry URL for the value converter. Default: ${DEFAULT-VALUE}.")
  String registry;

  @Option(names = "--port", defaultValue = "8083", description = "REST port on 127.0.0.1. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--group-id", defaultValue = "vgf-connect",
      description = "Connect cluster group id; its internal topics are <group-id>-configs/-offsets/-status. "
          + "Default: ${DEFAULT-VALUE}.")
  String groupId;

  @Option(names = "--plugin-path",
      description = "Directory of unzipped plugin archives (e.g. connectors/target/*-connect-plugin.zip). "
          + "Default: the connectors on the launcher's classpath.")
  Path pluginPath;

  @Override
  public Integer call() throws Exception {
    Map<String, String> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", groupId);
    p.put("config.storage.topic", groupId + "-configs");
    p.put("offset.storage.topic", groupId + "-offsets");
    p.put("status.storage.topic", groupId + "-status");
    // One local broker: internal topics with replication factor 1.
    p.put("config.storage.replication.factor", "1");
    p.put("offset.storage.replication.factor", "1");
    p.put("status.storage.replication.factor", "1");
    p.put("listeners", "http://127.0.0.1:" + port);
    p.put("rest.advertised.host.name", "127.0.0.1");
    p.put("key.converter", StringConverter.class.getName());
    p.put("value.converter", VgfAvroConverter.class.getName());
    p.put("value.converter.schema.registry.url", registry);
    p.put("config.providers", "file,env");
    p.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
    p.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
    if (pluginPath != null) {
      if (!Files.isDirectory(pluginPath)) {
        throw new CommandLine.ParameterException(new CommandLine(this),
            "--plugin-path " + pluginPath + " is not a directory");
      }
      p.put("plugin.path", pluginPath.toAbsolutePath().toString());
      p.put("plugin.discovery", "hybrid_warn");
    } else {
      // The connectors declare themselves in META-INF/services (KIP-898): no classpath scan at start-up.
      p.put("plugin.discovery", "service_load");
    }
    ServiceLifecycle lifecycle = new ServiceLifecycle();
    Connect<?> connect = new ConnectDistributed().startConnect(p);
    lifecycle.manage(() -> {
      connect.stop();
      connect.awaitStop();
    });
    URI rest = connect.rest().advertisedUrl();
    awaitRest(rest, Duration.ofSeconds(60));
    System.out.println("Kafka Connect worker ready: " + rest + " (bootstrap.servers=" + bootstrap
        + ", schema.registry.url=" + registry + ")");
    System.out.flush();
    lifecycle.awaitTermination();
    return 0;
  }

  /** The REST server answers before the herder has joined its group; /connectors answers after. */
  private static void awaitRest(URI rest, Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(rest.resolve("/connectors")).timeout(Duration.ofSeconds(5))
            .build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("Connect REST API at " + rest + " did not become ready within " + timeout);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ConnectCommand()).execute(args));
  }
}
