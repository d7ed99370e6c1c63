package energy.vgf.connectors.meter.mdms;

import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.connectors.source.Documents;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.FeedSourceTask;
import energy.vgf.metering.SiteMeterReading;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

public final class MdmsSourceTask extends FeedSourceTask {

  @Override
  protected ConfigDef configDef() {
    return MdmsConfig.CONFIG_DEF;
  }

  @Override
  protected String sourceName() {
    return "mdms-csv";
  }

  @Override
  protected Schema valueContract() {
    return SiteMeterReading.getClassSchema();
  }

  @Override
  protected List<FeedReader> openFeeds(AbstractConfig config, CommonConfig.Settings settings, HttpFetcher http) {
    return List.of(new MdmsFeedReader(http, Documents.location(config.getString(MdmsConfig.URL_CONFIG)),
        config.getPassword(MdmsConfig.AUTHORIZATION_CONFIG).value(), layout(config),
        config.getLong(MdmsConfig.START_EPOCH_S_CONFIG)));
  }

  static MdmsIntervals.Layout layout(AbstractConfig config) {
    String pattern = config.getString(MdmsConfig.TIMESTAMP_FORMAT_CONFIG);
    return new MdmsIntervals.Layout(config.getString(MdmsConfig.SITE_ID_CONFIG),
        config.getString(MdmsConfig.COLUMN_SITE_CONFIG), config.getString(MdmsConfig.COLUMN_METER_CONFIG),
        config.getString(MdmsConfig.COLUMN_START_CONFIG), config.getString(MdmsConfig.COLUMN_END_CONFIG),
        config.getString(MdmsConfig.COLUMN_IMPORT_CONFIG), config.getString(MdmsConfig.COLUMN_EXPORT_CONFIG),
        config.getString(MdmsConfig.COLUMN_QUALITY_CONFIG),
        MdmsIntervals.kwhPerUnit(config.getString(MdmsConfig.ENERGY_UNIT_CONFIG)),
        pattern.isEmpty() ? null : DateTimeFormatter.ofPattern(pattern),
        ZoneId.of(config.getString(MdmsConfig.TIME_ZONE_CONFIG)),
        Duration.ofMinutes(config.getInt(MdmsConfig.INTERVAL_MINUTES_CONFIG)),
        MdmsConfig.delimiter(config.getString(MdmsConfig.DELIMITER_CONFIG)));
  }
}
