package dev.netdiag.cli.lsof;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.netdiag.cli.Json;
import dev.netdiag.cli.Output;
import java.io.IOException;
import java.util.List;

/** lsof --json: the rows as one document (schema in docs/json.md, section lsof). */
final class LsofJson {
  private LsofJson() {}

  static void write(Output out, List<LsofRow> rows) throws IOException {
    write(out, rows, 0);
  }

  /** fileFlags: +fg (1) or +fG (2) add each descriptor's FILE-FLAG text as "flags". */
  static void write(Output out, List<LsofRow> rows, int fileFlags) throws IOException {
    try (JsonGenerator json = Json.writer(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("files");
      for (LsofRow r : rows) {
        json.writeStartObject();
        json.writeStringField("command", SafeText.text(r.process().command()));
        json.writeNumberField("pid", r.process().pid());
        if (r.task() != null) {
          json.writeNumberField("tid", r.task().tid());
          json.writeStringField("task_command", SafeText.text(r.task().command()));
        }
        json.writeNumberField("ppid", r.process().ppid());
        json.writeNumberField("pgid", r.process().pgid());
        json.writeNumberField("uid", r.process().uid());
        json.writeStringField("user", r.user().strip());
        json.writeStringField("fd", r.file().descriptor());
        if (r.access() != ' ') {
          json.writeStringField("access", String.valueOf(r.access()));
        } else {
          json.writeNullField("access");
        }
        if (r.lock() != ' ') {
          json.writeStringField("lock", String.valueOf(r.lock()));
        } else {
          json.writeNullField("lock");
        }
        json.writeStringField("type", r.type());
        if (fileFlags != 0) {
          String flags = FileFlags.text(r.file().openFlags(), fileFlags == 2);
          Json.stringOrNull(json, "flags", flags.isEmpty() ? null : flags);
        }
        // A file on an exempt file system (-e) has no known device, size or node.
        boolean unread = r.file().device() < 0 && r.file().inode() < 0;
        Json.stringOrNull(
            json, "device", r.device().isEmpty() || r.file().device() < 0 ? null : r.device());
        if (r.file().error() == null && !unread) {
          if (r.sizeOff().isEmpty()) {
            json.writeNullField("size");
            json.writeNullField("offset");
          } else if (r.showsOffset()) {
            json.writeNullField("size");
            json.writeNumberField("offset", Math.max(0, r.file().offset()));
          } else {
            json.writeNumberField("size", r.file().size());
            json.writeNullField("offset");
          }
          json.writeNumberField("node", r.file().inode());
        } else {
          json.writeNullField("size");
          json.writeNullField("offset");
          json.writeNullField("node");
        }
        if (r.nlink() >= 0) {
          json.writeNumberField("nlink", r.nlink());
        }
        json.writeStringField("name", r.name());
        Json.stringOrNull(json, "error", r.file().error());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    out.newline();
  }
}
