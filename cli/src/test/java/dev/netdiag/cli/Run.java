package dev.netdiag.cli;

import dev.netdiag.testkit.Cmd;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Runs netdiag in-process, as the tests' "ours" side. */
public final class Run {
  private Run() {}

  /** Main.run with captured streams, as a Cmd.Result so Differential can compare it. */
  public static Cmd.Result netdiag(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, out, err);
    return new Cmd.Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
