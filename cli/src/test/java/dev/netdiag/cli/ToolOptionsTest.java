package dev.netdiag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The grammar of probe's and diagnose's options; the cases and messages are those picocli gave for
 * the same command lines before ToolOptions replaced it.
 */
class ToolOptionsTest {
  private static final ToolOptions OPTIONS =
      new ToolOptions("TARGET")
          .flag("-4")
          .flag("-6")
          .value("ADDR", "--source")
          .value("D", "-t", "--timeout")
          .flag("--json");

  private static ToolOptions.Parsed parse(String line) throws UsageException {
    return OPTIONS.parse(List.of(line.split(" ")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-t 300ms h:1 | 300ms",
        "-t300ms h:1 | 300ms",
        "-t=300ms h:1 | 300ms",
        "--timeout 300ms h:1 | 300ms",
        "--timeout=300ms h:1 | 300ms",
        "h:1 --timeout 300ms | 300ms",
        "-4t 300ms h:1 | 300ms",
        "h:1 | 3s",
      })
  void valuesInEveryForm(String line, String timeout) throws UsageException {
    ToolOptions.Parsed parsed = parse(line);
    assertEquals(timeout, parsed.value("-t", "3s"));
    assertEquals(timeout, parsed.value("--timeout", "3s"));
    assertEquals(List.of("h:1"), parsed.operands());
  }

  @Test
  void flagsAloneClusteredAndAsBooleans() throws UsageException {
    ToolOptions.Parsed parsed = parse("-46 h:1 --json");
    assertTrue(parsed.flag("-4"));
    assertTrue(parsed.flag("-6"));
    assertTrue(parsed.flag("--json"));
    assertFalse(parse("--json=false h:1").flag("--json"));
    assertTrue(parse("--json=TRUE h:1").flag("--json"));
    assertFalse(parse("h:1").flag("-4"));
  }

  @Test
  void operandsAnywhereAndAfterTheEndOfOptions() throws UsageException {
    assertEquals(List.of("a", "b"), parse("a -4 b").operands());
    assertEquals(List.of("-x:1", "--json"), parse("-- -x:1 --json").operands());
    assertEquals(List.of("-", "h:1"), parse("- h:1").operands());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--bogus h:1 | Unknown option: '--bogus'",
        "-x h:1 | Unknown option: '-x'",
        "-4x h:1 | Unknown option: '-x'",
        "--TIMEOUT 1s h:1 | Unknown option: '--TIMEOUT'",
        "h:1 -t | Missing required parameter for option '--timeout' (D)",
        "h:1 --source | Missing required parameter for option '--source' (ADDR)",
        "-t -4 h:1 | Expected parameter for option '--timeout' but found '-4'",
        "--timeout --json h:1 | Expected parameter for option '--timeout' but found '--json'",
        "-t -46 h:1 | Expected parameter for option '--timeout' but found '-46'",
        "h:1 -t 1s -t 2s | option '--timeout' (D) should be specified only once",
        "--json h:1 --json | option '--json' should be specified only once",
        "--json=maybe h:1 | Invalid value for option '--json': 'maybe' is not a boolean",
        "-4 | Missing required parameter: 'TARGET'",
      })
  void mistakesAreNamed(String line, String message) {
    UsageException e = assertThrows(UsageException.class, () -> parse(line));
    assertEquals(message, e.getMessage());
    assertEquals(2, e.exitCode());
  }
}
