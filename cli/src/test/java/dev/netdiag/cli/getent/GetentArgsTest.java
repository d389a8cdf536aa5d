package dev.netdiag.cli.getent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** getent's argp grammar: permuted options, clusters, attached values, abbreviations. */
class GetentArgsTest {
  private static List<String> words(String line) {
    return line.isEmpty() ? List.of() : List.of(line.split(" "));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "hosts a b|| false| false| false| hosts a b|",
        "-s files hosts a|files| false| false| false| hosts a|",
        "-sfiles hosts a|files| false| false| false| hosts a|",
        "hosts -iA a|| true| true| false| hosts a|",
        "--service=dns ahosts x|dns| false| false| false| ahosts x|",
        "--serv dns ahosts x|dns| false| false| false| ahosts x|",
        "--no-i --no-a hosts|| true| true| false| hosts|",
        "--json services ssh|| false| false| true| services ssh|",
        "hosts -- -A|| false| false| false| hosts -A|",
        "-? hosts|| false| false| false| hosts|help",
        "-V|| false| false| false| |version",
        "--usage|| false| false| false| |usage",
      })
  void parses(
      String line,
      String service,
      boolean noIdn,
      boolean noAddrconfig,
      boolean json,
      String positional,
      String request)
      throws Exception {
    GetentArgs args = GetentArgs.parse(words(line));
    assertEquals(service == null ? List.of() : List.of(service), args.services());
    assertEquals(noIdn, args.noIdn());
    assertEquals(noAddrconfig, args.noAddrconfig());
    assertEquals(json, args.json());
    assertEquals(positional == null ? List.of() : words(positional), args.positional());
    assertEquals(request, args.request());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-x hosts|invalid option -- 'x'",
        "--bogus|unrecognized option '--bogus'",
        "--no|option '--no' is ambiguous",
        "-s|option requires an argument -- 's'",
        "--service|option '--service' requires an argument",
        "--json=1 hosts|option '--json' doesn't allow an argument",
      })
  void rejectsAsArgpDoes(String line, String message) {
    GetentArgs.Invalid invalid =
        assertThrows(GetentArgs.Invalid.class, () -> GetentArgs.parse(words(line)));
    assertEquals(message, invalid.getMessage());
  }
}
