package dev.netdiag.cli.probe;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.netdiag.cli.Json;
import dev.netdiag.cli.Output;
import dev.netdiag.diagnose.AddressProbe;
import dev.netdiag.diagnose.ProbeReport;
import dev.netdiag.diagnose.ResolutionStatus;
import dev.netdiag.linux.AddressText;
import dev.netdiag.linux.Resolution;
import java.io.IOException;
import java.net.InetAddress;

/** The probe as one JSON document; the schema is in docs/json.md ("probe"). */
final class ProbeJson {
  private ProbeJson() {}

  static void write(ProbeReport report, Output out) throws IOException {
    try (JsonGenerator json = Json.writer(out)) {
      json.writeStartObject();
      json.writeStringField("target", report.target().text());
      json.writeStringField("host", report.target().host());
      json.writeNumberField("port", report.target().port());
      json.writeNumberField("timeout_ms", report.timeout().toMillis());
      Json.stringOrNull(
          json, "source", report.source() == null ? null : AddressText.format(report.source()));

      Resolution resolution = report.resolution();
      ResolutionStatus status = report.resolutionStatus();
      json.writeObjectFieldStart("resolution");
      json.writeStringField("status", status.word());
      boolean gaiFailed = !resolution.timedOut() && resolution.status().code() != 0;
      Json.stringOrNull(json, "gai_error", gaiFailed ? resolution.status().name() : null);
      Json.stringOrNull(
          json,
          "message",
          gaiFailed
              ? resolution.status().message()
              : status == ResolutionStatus.OK ? null : status.description());
      Json.stringOrNull(json, "canonical_name", resolution.canonicalName());
      json.writeArrayFieldStart("addresses");
      for (InetAddress address : resolution.addresses()) {
        json.writeString(AddressText.format(address));
      }
      json.writeEndArray();
      Json.millis(json, "time_ms", resolution.nanos());
      json.writeEndObject();

      json.writeArrayFieldStart("results");
      for (AddressProbe result : report.results()) {
        json.writeStartObject();
        InetAddress address = result.address().getAddress();
        json.writeStringField("address", AddressText.format(address));
        json.writeStringField("family", address.getAddress().length == 4 ? "ipv4" : "ipv6");
        json.writeNumberField("port", result.address().getPort());
        json.writeStringField("status", result.status().word());
        Json.millis(json, "time_ms", result.nanos());
        if (result.errno().code() == 0) {
          json.writeNullField("errno");
          json.writeNullField("errno_name");
        } else {
          json.writeNumberField("errno", result.errno().code());
          json.writeStringField("errno_name", result.errno().name());
        }
        json.writeStringField("detail", result.detail());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeBooleanField("open", report.open());
      json.writeStringField("verdict", report.verdict());
      json.writeEndObject();
    }
    out.newline();
  }
}
