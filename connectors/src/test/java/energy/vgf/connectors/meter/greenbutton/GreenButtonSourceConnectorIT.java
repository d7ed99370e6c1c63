package energy.vgf.connectors.meter.greenbutton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.connectors.testing.ConnectWorker;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.connectors.testing.ReplayServer.Response;
import energy.vgf.connectors.testing.Topics;
import energy.vgf.metering.SiteMeterReading;
import energy.vgf.ops.DeadLetter;
import energy.vgf.testing.PlatformExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PlatformExtension.class)
class GreenButtonSourceConnectorIT {

  private static final String FEED = "/DataCustodian/espi/1_1/resource/Batch/Subscription/5";
  private static final String PAGE_2_PATH = FEED + "/page2";
  private static final String SAMPLE = ReplayServer.sample("greenbutton/Coastal_Single_Family_Jan2011_first24h.xml");

  @TempDir
  Path dir;

  /** Page 1: the sample with its first 12 IntervalReadings and rel="next"; page 2: the IntervalBlock with the other 12. */
  private static String[] pages(String extraReadingXml) {
    Matcher m = Pattern.compile("(?s)<IntervalReading>.*?</IntervalReading>").matcher(SAMPLE);
    StringBuilder first = new StringBuilder();
    StringBuilder second = new StringBuilder();
    int n = 0;
    while (m.find()) {
      (n++ < 12 ? first : second).append(m.group()).append('\n');
    }
    int blockStart = SAMPLE.indexOf("<IntervalReading>");
    int blockEnd = SAMPLE.lastIndexOf("</IntervalReading>") + "</IntervalReading>".length();
    String page1 = (SAMPLE.substring(0, blockStart) + first + SAMPLE.substring(blockEnd))
        .replace("<link rel=\"self\" href=\"/ThirdParty/83e269c1/Batch\"/>",
            "<link rel=\"self\" href=\"/ThirdParty/83e269c1/Batch\"/>\n <link rel=\"next\" href=\"" + PAGE_2_PATH + "\"/>");
    int entry = SAMPLE.lastIndexOf("<entry>");
    String page2 = "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<id>urn:uuid:page2</id>\n"
        + SAMPLE.substring(entry, blockStart).replace("IntervalBlock/0173\"/>", "IntervalBlock/0174\"/>")
        + second + extraReadingXml + SAMPLE.substring(blockEnd, SAMPLE.lastIndexOf("</feed>")) + "</feed>";
    return new String[] {page1, page2};
  }

  private static Response atom(String xml) {
    return Response.of(200, "application/atom+xml", xml.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> config(ReplayServer api, String topic, String dlq) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", GreenButtonSourceConnector.class.getName());
    c.put("base.url", api.baseUrl());
    c.put("greenbutton.feed.path", FEED);
    c.put("greenbutton.access.token", "gb-token");
    c.put("greenbutton.site.id", "depot-coastal");
    c.put("topic", topic);
    c.put("dead.letter.topic", dlq);
    c.put("poll.interval.ms", "300");
    c.put("http.backoff.initial.ms", "100");
    c.put("http.backoff.max.ms", "400");
    return c;
  }

  @Test
  void followsFeedPagesThroughA429AndA5xxAndDeadLettersABadReading() {
    String topic = Topics.create(PlatformExtension.bootstrapServers(), "it.gb");
    String dlq = Topics.create(PlatformExtension.bootstrapServers(), "it.gb.dlq");
    String[] pages = pages("<IntervalReading><timePeriod><duration>3600</duration><start>1293955200</start>"
        + "</timePeriod><value>n/a</value></IntervalReading>\n");
    try (ReplayServer api = ReplayServer.start();
        ConnectWorker worker = ConnectWorker.start(bootstrap(), registry(), dir.resolve("offsets"))) {
      api.on(FEED, Response.status(429, Map.of("Retry-After", "1"), ""));
      api.always(FEED, atom(pages[0]));
      api.on(PAGE_2_PATH, Response.status(502, Map.of(), "Bad Gateway"));
      api.always(PAGE_2_PATH, atom(pages[1]));
      worker.putConnector("gb-flow", config(api, topic, dlq));

      await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 24);
      await().atMost(Duration.ofSeconds(10)).until(() -> !Topics.values(bootstrap(), registry(), dlq).isEmpty());
      await().atMost(Duration.ofSeconds(10)).until(() -> api.requests(FEED).size() >= 4);

      List<SiteMeterReading> r = Topics.values(bootstrap(), registry(), topic);
      assertThat(r).hasSize(24);
      assertThat(r.get(0).getEnergyImportKwh()).isEqualTo(0.703);
      assertThat(r.get(12).getEnergyImportKwh()).isEqualTo(0.881); // 13th value of the sample (881 Wh): first of page 2
      assertThat(r.get(23).getEnergyImportKwh()).isEqualTo(0.722);
      List<DeadLetter> dead = Topics.values(bootstrap(), registry(), dlq);
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).getError()).contains("IntervalReading").contains("n/a");
      assertThat(api.requests(FEED).get(0).header("Authorization")).isEqualTo("Bearer gb-token");
    }
  }

  @Test
  void resumesAfterTheLastIntervalWrittenAfterARestart() {
    String topic = Topics.create(PlatformExtension.bootstrapServers(), "it.gb");
    String dlq = Topics.create(PlatformExtension.bootstrapServers(), "it.gb.dlq");
    Path offsets = dir.resolve("offsets-restart");
    String[] pages = pages("");
    try (ReplayServer api = ReplayServer.start()) {
      api.always(FEED, atom(pages[0].replace("<link rel=\"next\" href=\"" + PAGE_2_PATH + "\"/>", "")));
      try (ConnectWorker first = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        first.putConnector("gb-restart", config(api, topic, dlq));
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() == 12);
      }
      // The custodian has published the next 12 hours meanwhile.
      api.always(FEED, atom(pages[0]));
      api.always(PAGE_2_PATH, atom(pages[1]));
      try (ConnectWorker second = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        second.putConnector("gb-restart", config(api, topic, dlq));
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 24);
        int seen = api.requests(FEED).size();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.requests(FEED).size() >= seen + 2);
      }
      assertThat(Topics.<SiteMeterReading>values(bootstrap(), registry(), topic))
          .extracting(SiteMeterReading::getIntervalStart).doesNotHaveDuplicates().hasSize(24).isSorted();
    }
  }

  private static String bootstrap() {
    return PlatformExtension.bootstrapServers();
  }

  private static String registry() {
    return PlatformExtension.registryUrl();
  }
}
