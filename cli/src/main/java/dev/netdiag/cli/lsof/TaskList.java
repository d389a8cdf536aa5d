package dev.netdiag.cli.lsof;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tasks (threads) of a process that lsof 4.95 lists: every /proc/PID/task/TID but the main one
 * (TID = PID, which is the process row) and zombies, ascending by TID.
 */
final class TaskList {
  private TaskList() {}

  static List<LsofRow.Task> of(Path proc, int pid) {
    Path dir = proc.resolve(Integer.toString(pid)).resolve("task");
    List<LsofRow.Task> out = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        int tid = Integer.parseInt(name);
        if (tid == pid) {
          continue;
        }
        LsofRow.Task task = task(p, tid);
        if (task != null) {
          out.add(task);
        }
      }
    } catch (IOException | RuntimeException e) {
      // The process exited mid-scan: it has no tasks left to list.
      return List.of();
    }
    out.sort((a, b) -> Integer.compare(a.tid(), b.tid()));
    return out;
  }

  // "tid (comm) S …": comm may hold spaces and parentheses, so it ends at the last ')'. A zombie
  // (Z) or a task that exited meanwhile gives null, as lsof skips both.
  private static LsofRow.Task task(Path dir, int tid) {
    String stat;
    try {
      // ISO-8859-1: comm is bytes (any but NUL), one char each; the rest is ASCII.
      stat = new String(Files.readAllBytes(dir.resolve("stat")), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return null;
    }
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open || close + 2 >= stat.length()) {
      return null;
    }
    if (stat.charAt(close + 2) == 'Z') {
      return null;
    }
    return new LsofRow.Task(tid, stat.substring(open + 1, close));
  }
}
