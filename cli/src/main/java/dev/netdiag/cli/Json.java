package dev.netdiag.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The shared JSON writer for --json: a streaming jackson-core generator over the tool's Output, so
 * JSON and text share one buffer. Keys are snake_case, durations in milliseconds, addresses as
 * strings (see docs/json.md).
 */
public final class Json {
  private static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private Json() {}

  /** A generator writing one document into out; close it to finish the document. */
  public static JsonGenerator writer(Output out) {
    try {
      return FACTORY.createGenerator(out, JsonEncoding.UTF8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a millisecond figure from nanoseconds, rounded to microseconds. */
  public static void millis(JsonGenerator json, String field, long nanos) throws IOException {
    json.writeFieldName(field);
    json.writeNumber(Math.round(nanos / 1000.0) / 1000.0);
  }

  /** Writes a string field, or null. */
  public static void stringOrNull(JsonGenerator json, String field, String value)
      throws IOException {
    if (value == null) {
      json.writeNullField(field);
    } else {
      json.writeStringField(field, value);
    }
  }
}
