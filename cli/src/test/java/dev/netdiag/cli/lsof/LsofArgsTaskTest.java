package dev.netdiag.cli.lsof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When lsof 4.95 lists task rows (measured on lsof 4.95: a bare lsof and exclusion-only -p/-u/-g/-c
 * list them, any -d or other selection does not unless -K), and how -K and -E/+E parse.
 */
class LsofArgsTaskTest {
  private static LsofArgs parse(String line) throws LsofError {
    return LsofArgs.parse(line.isBlank() ? List.of() : List.of(line.split(" ")));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|true",
        "-n -l -P|true",
        "-t|true",
        "-F pK|true",
        "-p ^1|true",
        "-u ^nobody -c ^zz -g ^1|true",
        "-p 1|false",
        "-c python3|false",
        "-d ^mem|false",
        "-i|false",
        "-U|false",
        "/etc/passwd|false",
        "+L1|false",
        "+L|true",
        "-K|true",
        "+K|true",
        "+K i|false",
        "-K -p 1|true",
        "-aK -p 1|true",
        "-K i|false",
        "-Ki|false",
        "-K i -p 1|false",
        "-E|true",
        "+E -p 1|false",
      })
  void tasksListed(String line, boolean tasks) throws LsofError {
    assertEquals(tasks, parse(line).listsTasks(), line);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"-E|1", "+E|2", "-nE|1", "''|0"})
  void endpoints(String line, int level) throws LsofError {
    assertEquals(level, parse(line).endpoints(), line);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-K x", "-Kx", "-K ii", "-K /tmp"})
  void kTakesOnlyI(String line) {
    LsofError e = assertThrows(LsofError.class, () -> parse(line));
    assertEquals("-K not followed by i (but by " + line.substring(2).strip() + ")", e.getMessage());
  }
}
