package energy.vgf.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.DoubleConsumer;

/** A one-line progress bar on stderr, redrawn when the whole percent changes. */
public final class ProgressBar implements DoubleConsumer {

  private static final int WIDTH = 40;

  private final PrintWriter err;
  private final String label;
  private final long startNanos = System.nanoTime();
  private int lastPercent = -1;

  public ProgressBar(PrintWriter err, String label) {
    this.err = err;
    this.label = label;
  }

  @Override
  public void accept(double fraction) {
    int percent = (int) Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
    if (percent == lastPercent) {
      return;
    }
    lastPercent = percent;
    int filled = percent * WIDTH / 100;
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    err.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%% %6.1f s", label, "#".repeat(filled),
        ".".repeat(WIDTH - filled), percent, elapsed));
    if (percent == 100) {
      err.println();
    }
    err.flush();
  }
}
