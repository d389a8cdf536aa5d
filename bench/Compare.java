// Times two commands alternately in one run and prints their medians and the ratio ours/reference.
// Usage: java bench/Compare.java [--runs N] [--warmup N] [--label TEXT] OURS_CMD REFERENCE_CMD
// Each command is run through /bin/sh -c (the same cost for both), stdout and stderr discarded.
// Alternating (ours, reference, ours, …) spreads machine noise over both sides equally.
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

public class Compare {
  public static void main(String[] args) throws Exception {
    int runs = 21;
    int warmup = 3;
    String label = null;
    List<String> commands = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--label" -> label = args[++i];
        default -> commands.add(args[i]);
      }
    }
    if (commands.size() != 2) {
      System.err.println("usage: java bench/Compare.java [--runs N] [--warmup N] [--label T] OURS REFERENCE");
      System.exit(2);
    }
    String ours = commands.get(0);
    String reference = commands.get(1);
    for (int i = 0; i < warmup; i++) {
      time(ours);
      time(reference);
    }
    long[] a = new long[runs];
    long[] b = new long[runs];
    for (int i = 0; i < runs; i++) {
      a[i] = time(ours);
      b[i] = time(reference);
    }
    double medianOurs = median(a) / 1e6;
    double medianReference = median(b) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "%s%n  ours:      %9.1f ms median (min %.1f)  %s%n  reference: %9.1f ms median (min %.1f)  %s%n  ratio ours/reference: %.2f  (%d runs each, alternating)%n",
        label == null ? "compare" : label,
        medianOurs,
        Arrays.stream(a).min().orElse(0) / 1e6,
        ours,
        medianReference,
        Arrays.stream(b).min().orElse(0) / 1e6,
        reference,
        medianOurs / medianReference,
        runs);
  }

  private static long time(String command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    long start = System.nanoTime();
    Process process = builder.start();
    process.waitFor();
    return System.nanoTime() - start;
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}
