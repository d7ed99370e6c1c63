package energy.vgf.connectors.telematics.verizon;

import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.http.OAuth2ClientCredentials;
import energy.vgf.connectors.source.CommonConfig;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.FeedSourceTask;
import energy.vgf.connectors.telematics.VehicleIds;
import energy.vgf.telemetry.VehicleTelemetry;
import java.net.URI;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

public final class VerizonSourceTask extends FeedSourceTask {

  @Override
  protected ConfigDef configDef() {
    return VerizonConfig.CONFIG_DEF;
  }

  @Override
  protected String sourceName() {
    return "verizon-connect";
  }

  @Override
  protected Schema valueContract() {
    return VehicleTelemetry.getClassSchema();
  }

  @Override
  protected List<FeedReader> openFeeds(AbstractConfig config, CommonConfig.Settings settings, HttpFetcher http) {
    VerizonConfig.checkAuthentication(config);
    URI tokenUrl = URI.create(config.getString(VerizonConfig.TOKEN_URL_CONFIG));
    RevealAuth auth = config.getString(VerizonConfig.AUTH_MODE_CONFIG).equals("TOKEN")
        ? new RevealAuth.Atmosphere(http, tokenUrl, config.getString(VerizonConfig.USERNAME_CONFIG),
            config.getPassword(VerizonConfig.PASSWORD_CONFIG).value(), config.getString(VerizonConfig.APP_ID_CONFIG))
        : RevealAuth.oauth2(new OAuth2ClientCredentials(http, tokenUrl, config.getString(VerizonConfig.CLIENT_ID_CONFIG),
            config.getPassword(VerizonConfig.CLIENT_SECRET_CONFIG).value(), config.getString(VerizonConfig.SCOPE_CONFIG)));
    VehicleIds ids = VehicleIds.from(config);
    boolean mph = config.getString(VerizonConfig.SPEED_UNIT_CONFIG).equals("MPH");
    return config.getList(VerizonConfig.VEHICLE_NUMBERS_CONFIG).stream()
        .map(n -> (FeedReader) new VerizonFeedReader(http, settings.baseUrl(), auth, n.trim(), ids, mph)).toList();
  }
}
