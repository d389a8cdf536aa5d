package dev.netdiag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.util.HashMap;
import java.util.Map;

/** Reads a --json document in tests: checks it is one valid document and flattens it. */
public final class JsonDoc {
  private JsonDoc() {}

  /** The document as path → scalar, e.g. "results[0].status" → "open". */
  public static Map<String, Object> flatten(String json) {
    Map<String, Object> flat = new HashMap<>();
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      walk(parser, parser.nextToken(), "", flat);
      assertEquals(null, parser.nextToken(), "one document only");
    } catch (java.io.IOException e) {
      throw new AssertionError("not valid JSON: " + json, e);
    }
    return flat;
  }

  private static void walk(JsonParser parser, JsonToken token, String path, Map<String, Object> out)
      throws java.io.IOException {
    switch (token) {
      case START_OBJECT -> {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          walk(parser, parser.nextToken(), path.isEmpty() ? name : path + "." + name, out);
        }
      }
      case START_ARRAY -> {
        int i = 0;
        JsonToken next;
        while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
          walk(parser, next, path + "[" + i++ + "]", out);
        }
      }
      case VALUE_STRING -> out.put(path, parser.getText());
      case VALUE_NUMBER_INT -> out.put(path, parser.getLongValue());
      case VALUE_NUMBER_FLOAT -> out.put(path, parser.getDoubleValue());
      case VALUE_TRUE, VALUE_FALSE -> out.put(path, parser.getBooleanValue());
      case VALUE_NULL -> out.put(path, null);
      default -> throw new AssertionError("unexpected " + token + " at " + path);
    }
  }
}
