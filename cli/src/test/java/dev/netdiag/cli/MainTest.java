package dev.netdiag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.testkit.Cmd;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void helpListsTheTools() {
    Cmd.Result result = Run.netdiag("--help");
    assertEquals(0, result.exitCode());
    for (Tool tool : Main.tools()) {
      assertTrue(result.stdout().contains("  " + tool.name()), result.stdout());
    }
  }

  @Test
  void everyListedToolIsDispatchedByName() {
    for (Tool tool : Main.tools()) {
      Tool dispatched = Main.tool(tool.name());
      assertEquals(tool.getClass(), dispatched == null ? null : dispatched.getClass());
    }
    assertEquals(null, Main.tool("nosuchtool"));
  }

  @Test
  void versionNamesTheProgram() {
    Cmd.Result result = Run.netdiag("--version");
    assertEquals(0, result.exitCode());
    assertTrue(result.stdout().startsWith("netdiag "), result.stdout());
  }

  @Test
  void noArgumentsIsAUsageError() {
    Cmd.Result result = Run.netdiag();
    assertEquals(2, result.exitCode());
    assertTrue(result.stderr().contains("Usage: netdiag"), result.stderr());
  }

  @Test
  void anUnknownToolIsAUsageErrorWithSuggestions() {
    Cmd.Result result = Run.netdiag("prob", "x:1");
    assertEquals(2, result.exitCode());
    assertTrue(result.stderr().startsWith("netdiag: Unmatched argument"), result.stderr());
    assertTrue(result.stderr().contains("probe"), result.stderr());
    assertEquals("", result.stdout());
  }

  @Test
  void debugIsTakenFromAnywhereAndNotPassedOn() {
    Cmd.Result result = Run.netdiag("--debug", "probe", "--help", "--debug");
    assertEquals(0, result.exitCode());
  }

  @Test
  void outputFormatsMillisecondsByMagnitude() {
    assertEquals("0.00", Output.appendMillis(new StringBuilder(), 0).toString());
    assertEquals("0.12", Output.appendMillis(new StringBuilder(), 123_456).toString());
    assertEquals("9.99", Output.appendMillis(new StringBuilder(), 9_994_000).toString());
    assertEquals("10.0", Output.appendMillis(new StringBuilder(), 10_000_000).toString());
    assertEquals("999.9", Output.appendMillis(new StringBuilder(), 999_900_000).toString());
    assertEquals("3000", Output.appendMillis(new StringBuilder(), 3_000_000_000L).toString());
  }

  @Test
  void outputWritesNumbersAndUtf8() {
    java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
    Output out = new Output(sink);
    out.number(0).ch(' ').number(-42).ch(' ').number(Long.MIN_VALUE).ch(' ').text("é→").newline();
    for (int i = 0; i < 20_000; i++) {
      out.number(i);
    }
    out.flush();
    String text = sink.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(text.startsWith("0 -42 -9223372036854775808 é→\n0123"), text.substring(0, 40));
    assertTrue(text.endsWith("1999819999"));
  }
}
