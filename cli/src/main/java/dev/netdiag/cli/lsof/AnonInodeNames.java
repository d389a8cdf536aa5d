package dev.netdiag.cli.lsof;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * lsof 4.95's NAME for an anonymous-inode descriptor, completed from its /proc/PID/fdinfo as
 * dialects/linux/dproc.c does: {@code [eventfd:ID]} (the eventfd-id line, Linux 5.2 and later),
 * {@code [pidfd:PID]} (the Pid line, unless -1 for a process gone) and {@code [eventpoll:FD,FD]}
 * (the descriptors an epoll instance watches, its tfd lines, sorted; lsof keeps the first 32 it
 * reads and then ends the list with "...").
 */
final class AnonInodeNames {
  static final int MAX_WATCHED = 32;

  private AnonInodeNames() {}

  /** The name with what fdinfo adds; the name itself when fdinfo adds nothing or is gone. */
  static String complete(Path fdinfo, String name) {
    boolean eventfd = name.equals("[eventfd]");
    boolean pidfd = name.equals("[pidfd]");
    boolean eventpoll = name.equals("[eventpoll]");
    if (!eventfd && !pidfd && !eventpoll) {
      return name;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(fdinfo);
    } catch (IOException | RuntimeException e) {
      return name; // closed meanwhile
    }
    long[] watched = new long[MAX_WATCHED];
    int count = 0;
    for (String line : lines) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length < 2) {
        continue;
      }
      long value = number(fields[1]);
      switch (fields[0]) {
        case "eventfd-id:" -> {
          if (eventfd && value != -1) {
            return "[eventfd:" + value + "]";
          }
        }
        case "Pid:" -> {
          if (pidfd && value != -1) {
            return "[pidfd:" + value + "]";
          }
        }
        case "tfd:" -> {
          if (eventpoll && count < MAX_WATCHED) {
            watched[count++] = value;
          }
        }
        default -> {}
      }
    }
    if (count == 0) {
      return name;
    }
    Arrays.sort(watched, 0, count);
    StringBuilder out = new StringBuilder("[eventpoll:");
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(watched[i]);
    }
    return out.append(count == MAX_WATCHED ? "...]" : "]").toString();
  }

  // lsof's reading of a decimal field: -1 when it is not a number or does not fit an int.
  private static long number(String text) {
    try {
      long value = Long.parseLong(text);
      return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? value : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
