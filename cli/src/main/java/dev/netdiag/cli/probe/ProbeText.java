package dev.netdiag.cli.probe;

import dev.netdiag.cli.Output;
import dev.netdiag.diagnose.AddressProbe;
import dev.netdiag.diagnose.ProbeReport;
import dev.netdiag.diagnose.ProbeStatus;
import dev.netdiag.diagnose.ResolutionStatus;
import dev.netdiag.linux.AddressText;
import dev.netdiag.linux.Resolution;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/** The probe's text: how the name resolved, one aligned row per address, and the verdict. */
final class ProbeText {
  private ProbeText() {}

  static void write(ProbeReport report, Output out) {
    Resolution resolution = report.resolution();
    String host = report.target().host();
    ResolutionStatus status = report.resolutionStatus();
    if (status != ResolutionStatus.OK) {
      out.text(host).ch(' ').text(status.description());
      if (!resolution.timedOut()) {
        out.text(" [")
            .text(resolution.status().name())
            .text(": ")
            .text(resolution.status().message())
            .ch(']');
      }
      out.newline();
      out.text("verdict: ").line(report.verdict());
      return;
    }
    if (!AddressText.isLiteral(host)) {
      out.text(host).text(" resolves to ");
      List<InetAddress> addresses = resolution.addresses();
      for (int i = 0; i < addresses.size(); i++) {
        if (i > 0) {
          out.text(", ");
        }
        out.text(AddressText.format(addresses.get(i)));
      }
      out.text(" in ").millis(resolution.nanos()).line(" ms");
    }
    List<AddressProbe> results = report.results();
    String[] endpoints = new String[results.size()];
    int endpointWidth = 0;
    int statusWidth = 0;
    for (int i = 0; i < results.size(); i++) {
      endpoints[i] = endpoint(results.get(i).address());
      endpointWidth = Math.max(endpointWidth, endpoints[i].length());
      statusWidth = Math.max(statusWidth, results.get(i).status().word().length());
    }
    int open = 0;
    for (int i = 0; i < results.size(); i++) {
      AddressProbe result = results.get(i);
      if (result.status() == ProbeStatus.OPEN) {
        open++;
      }
      out.text("  ").padRight(endpoints[i], endpointWidth + 2);
      out.padRight(result.status().word(), statusWidth + 2);
      StringBuilder time = new StringBuilder();
      Output.appendMillis(time, result.nanos());
      out.spaces(8 - time.length()).text(time).text(" ms  ").line(result.detail());
    }
    out.text("verdict: ").text(report.verdict()).text(" (").number(open).text(" of ");
    out.number(results.size()).text(results.size() == 1 ? " address" : " addresses");
    out.line(" open)");
  }

  private static String endpoint(InetSocketAddress address) {
    String text = AddressText.format(address.getAddress());
    return address.getAddress().getAddress().length == 16
        ? "[" + text + "]:" + address.getPort()
        : text + ":" + address.getPort();
  }
}
