package dev.netdiag.cli.lsof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TaskList on a /proc fixture: the main task, zombies and tasks gone mid-scan are left out. */
class TaskListTest {
  @TempDir Path proc;

  private void task(int pid, int tid, String stat) throws Exception {
    Path dir = proc.resolve(pid + "/task/" + tid);
    Files.createDirectories(dir);
    if (stat != null) {
      Files.writeString(dir.resolve("stat"), stat);
    }
  }

  @Test
  void listsLiveTasksButTheMainOneAscending() throws Exception {
    task(100, 100, "100 (main) S 1 100 100 0 -1");
    task(100, 130, "130 (a (b) c) S 1 100 100 0 -1");
    task(100, 102, "102 (w x) R 1 100 100 0 -1");
    task(100, 105, "105 (gone) Z 1 100 100 0 -1");
    task(100, 107, null);
    Files.createDirectories(proc.resolve("100/task/notanumber"));
    assertEquals(
        List.of(new LsofRow.Task(102, "w x"), new LsofRow.Task(130, "a (b) c")),
        TaskList.of(proc, 100));
  }

  @Test
  void aProcessThatExitedHasNoTasks() {
    assertEquals(List.of(), TaskList.of(proc, 4242));
  }
}
