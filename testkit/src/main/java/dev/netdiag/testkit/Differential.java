package dev.netdiag.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;

/**
 * Compares a reference tool's run with ours on the same live state: exit codes, and stdout after
 * normalization (masking volatile fields such as query ids and times, collapsing column padding,
 * comparing rows as a set where order is not part of the contract). Immutable: each option returns
 * a new comparison.
 */
public final class Differential {
  private record Mask(Pattern pattern, String replacement) {}

  private final List<Mask> masks;
  private final List<Pattern> dropped;
  private final boolean rowsAsSet;
  private final boolean collapseSpaces;
  private final boolean stderr;

  private Differential(
      List<Mask> masks,
      List<Pattern> dropped,
      boolean rowsAsSet,
      boolean collapseSpaces,
      boolean stderr) {
    this.masks = List.copyOf(masks);
    this.dropped = List.copyOf(dropped);
    this.rowsAsSet = rowsAsSet;
    this.collapseSpaces = collapseSpaces;
    this.stderr = stderr;
  }

  /** An exact comparison of exit code and stdout. */
  public static Differential exact() {
    return new Differential(List.of(), List.of(), false, false, false);
  }

  /** Replaces every match of regex (in each line) by replacement before comparing. */
  public Differential mask(String regex, String replacement) {
    List<Mask> more = new ArrayList<>(masks);
    more.add(new Mask(Pattern.compile(regex), replacement));
    return new Differential(more, dropped, rowsAsSet, collapseSpaces, stderr);
  }

  /** Leaves out lines matching regex (after masking). */
  public Differential dropLines(String regex) {
    List<Pattern> more = new ArrayList<>(dropped);
    more.add(Pattern.compile(regex));
    return new Differential(masks, more, rowsAsSet, collapseSpaces, stderr);
  }

  /** Compares lines as a sorted multiset: for tables whose row order is not defined. */
  public Differential rowsAsSet() {
    return new Differential(masks, dropped, true, collapseSpaces, stderr);
  }

  /** Treats any run of spaces or tabs as one space and trims lines: column padding may differ. */
  public Differential collapseSpaces() {
    return new Differential(masks, dropped, rowsAsSet, true, stderr);
  }

  /** Compares stderr too (normalized the same way). */
  public Differential withStderr() {
    return new Differential(masks, dropped, rowsAsSet, collapseSpaces, true);
  }

  /** The text as it is compared. */
  public List<String> normalize(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      for (Mask mask : masks) {
        line = mask.pattern().matcher(line).replaceAll(mask.replacement());
      }
      if (collapseSpaces) {
        line = line.strip().replaceAll("[ \t]+", " ");
      }
      String candidate = line;
      if (dropped.stream().noneMatch(p -> p.matcher(candidate).find())) {
        lines.add(line);
      }
    }
    while (!lines.isEmpty() && lines.getLast().isEmpty()) {
      lines.removeLast();
    }
    if (rowsAsSet) {
      Collections.sort(lines);
    }
    return lines;
  }

  /** Fails with a readable diff unless both runs are the same after normalization. */
  public void assertSame(String label, Cmd.Result reference, Cmd.Result ours) {
    List<String> problems = new ArrayList<>();
    if (reference.exitCode() != ours.exitCode()) {
      problems.add("exit code: reference " + reference.exitCode() + ", ours " + ours.exitCode());
    }
    diff("stdout", normalize(reference.stdout()), normalize(ours.stdout()), problems);
    if (stderr) {
      diff("stderr", normalize(reference.stderr()), normalize(ours.stderr()), problems);
    }
    if (!problems.isEmpty()) {
      Assertions.fail(
          label
              + " differs from the reference:\n"
              + String.join("\n", problems)
              + "\n--- reference stdout ---\n"
              + reference.stdout()
              + "--- our stdout ---\n"
              + ours.stdout()
              + "--- our stderr ---\n"
              + ours.stderr());
    }
  }

  private static void diff(String stream, List<String> want, List<String> got, List<String> out) {
    if (want.equals(got)) {
      return;
    }
    int max = Math.max(want.size(), got.size());
    for (int i = 0; i < max; i++) {
      String w = i < want.size() ? want.get(i) : "<none>";
      String g = i < got.size() ? got.get(i) : "<none>";
      if (!w.equals(g)) {
        out.add(stream + " line " + (i + 1) + ":\n  reference: " + w + "\n  ours:      " + g);
        if (out.size() > 20) {
          out.add("(more differences left out)");
          return;
        }
      }
    }
  }
}
