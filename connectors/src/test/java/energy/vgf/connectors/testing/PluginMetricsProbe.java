package energy.vgf.connectors.testing;

import java.lang.management.ManagementFactory;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Reads a connector task's plugin metrics (KIP-877) from the platform MBean server the in-JVM worker reports to. */
public final class PluginMetricsProbe {

  private PluginMetricsProbe() {}

  /** The value of a metric registered by a task of the connector, or -1 when none is registered. */
  public static long value(String connector, String metric) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      for (ObjectName name : server.queryNames(new ObjectName("kafka.connect:*"), null)) {
        if (!connector.equals(name.getKeyProperty("connector"))) {
          continue;
        }
        for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
          if (a.getName().equals(metric)) {
            return ((Number) server.getAttribute(name, metric)).longValue();
          }
        }
      }
      return -1;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + metric + " of " + connector + ": " + e, e);
    }
  }
}
