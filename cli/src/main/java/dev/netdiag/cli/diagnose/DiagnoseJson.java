package dev.netdiag.cli.diagnose;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.netdiag.cli.Json;
import dev.netdiag.cli.Output;
import dev.netdiag.diagnose.CheckResult;
import dev.netdiag.diagnose.Diagnosis;
import dev.netdiag.diagnose.Finding;
import dev.netdiag.diagnose.Verdict;
import java.io.IOException;
import java.util.List;

/** diagnose --json: the schema in docs/json.md ("## diagnose"). */
final class DiagnoseJson {
  private DiagnoseJson() {}

  static void write(Diagnosis diagnosis, Output out) throws IOException {
    try (JsonGenerator json = Json.writer(out)) {
      json.writeStartObject();
      json.writeStringField("target", diagnosis.target().text());
      Json.stringOrNull(
          json, "host", diagnosis.target().local() ? null : diagnosis.target().host());
      json.writeNumberField("port", diagnosis.target().port());
      json.writeArrayFieldStart("checks");
      for (CheckResult check : diagnosis.checks()) {
        json.writeStartObject();
        json.writeStringField("layer", check.layer().word());
        json.writeStringField("status", check.status().word());
        json.writeStringField("summary", check.summary());
        strings(json, "evidence", check.evidence());
        Json.stringOrNull(json, "command", check.command());
        json.writeArrayFieldStart("findings");
        for (Finding finding : check.findings()) {
          json.writeString(finding.code().code());
        }
        json.writeEndArray();
        Json.millis(json, "time_ms", check.nanos());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("findings");
      for (Finding finding : diagnosis.findings()) {
        json.writeStartObject();
        json.writeStringField("code", finding.code().code());
        json.writeStringField("layer", finding.layer().word());
        json.writeStringField("summary", finding.summary());
        strings(json, "evidence", finding.evidence());
        json.writeStringField("command", finding.command());
        json.writeEndObject();
      }
      json.writeEndArray();
      Verdict verdict = diagnosis.verdict();
      json.writeObjectFieldStart("verdict");
      json.writeStringField("code", verdict.code());
      Json.stringOrNull(json, "layer", verdict.ok() ? null : verdict.layer().word());
      json.writeStringField("summary", verdict.summary());
      json.writeEndObject();
      Json.millis(json, "time_ms", diagnosis.nanos());
      json.writeEndObject();
    }
    out.newline();
  }

  private static void strings(JsonGenerator json, String field, List<String> values)
      throws IOException {
    json.writeArrayFieldStart(field);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }
}
