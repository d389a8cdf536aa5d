package dev.netdiag.cli.dig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;

/**
 * A query name from dig's text, read as BIND's dns_name_fromtext reads the argument's bytes (UTF-8
 * passed through as octets), relative to the root. A name it refuses ends the run as dig's
 * setup_lookup does: {@code 'TEXT' is not a legal name (REASON)}, then exit 10.
 */
final class LegalName {
  private LegalName() {}

  // dns_name_fromtext's states.
  private static final int INIT = 0;
  private static final int START = 1;
  private static final int ORDINARY = 2;
  private static final int INITIAL_ESCAPE = 3;
  private static final int ESCAPE = 4;
  private static final int ESC_DECIMAL = 5;
  private static final int AT = 6;

  /** The name, or a {@link DigFatal} with BIND's reason. */
  static Name of(String text) {
    byte[] in = text.getBytes(StandardCharsets.UTF_8);
    // Wire form: 255 octets at most, as BIND's target holds.
    byte[] wire = new byte[256];
    int nrem = 255;
    int nused = 0;
    int label = -1;
    int count = 0;
    int value = 0;
    int digits = 0;
    int state = INIT;
    boolean done = false;
    int i = 0;
    while (nrem > 0 && i < in.length && !done) {
      int c = in[i++] & 0xff;
      int left = in.length - i;
      if (state == INIT) {
        if (c == '.') {
          if (left != 0) {
            throw illegal(text, "empty label");
          }
          wire[nused++] = 0;
          nrem--;
          done = true;
          continue;
        }
        if (c == '@' && left == 0) {
          state = AT;
          continue;
        }
        state = START;
      }
      if (state == START) {
        label = nused++;
        nrem--;
        count = 0;
        if (c == '\\') {
          state = INITIAL_ESCAPE;
          continue;
        }
        state = ORDINARY;
        if (nrem == 0) {
          throw illegal(text, "ran out of space");
        }
      }
      if (state == ORDINARY) {
        if (c == '.') {
          if (count == 0) {
            throw illegal(text, "empty label");
          }
          wire[label] = (byte) count;
          if (left == 0) {
            wire[nused++] = 0;
            nrem--;
            done = true;
          }
          state = START;
        } else if (c == '\\') {
          state = ESCAPE;
        } else {
          if (count >= 63) {
            throw illegal(text, "label too long");
          }
          count++;
          wire[nused++] = (byte) c;
          nrem--;
        }
        continue;
      }
      if (state == INITIAL_ESCAPE) {
        if (c == '[') {
          throw illegal(text, "bad label type");
        }
        state = ESCAPE;
      }
      if (state == ESCAPE) {
        if (c < '0' || c > '9') {
          if (count >= 63) {
            throw illegal(text, "label too long");
          }
          count++;
          wire[nused++] = (byte) c;
          nrem--;
          state = ORDINARY;
          continue;
        }
        digits = 0;
        value = 0;
        state = ESC_DECIMAL;
      }
      if (state == ESC_DECIMAL) {
        if (c < '0' || c > '9') {
          throw illegal(text, "bad escape");
        }
        value = value * 10 + (c - '0');
        digits++;
        if (digits == 3) {
          if (value > 255) {
            throw illegal(text, "bad escape");
          }
          if (count >= 63) {
            throw illegal(text, "label too long");
          }
          count++;
          wire[nused++] = (byte) value;
          nrem--;
          state = ORDINARY;
        }
      }
    }
    if (!done) {
      if (nrem == 0) {
        throw illegal(text, "ran out of space");
      }
      if (state != ORDINARY && state != AT) {
        throw illegal(text, "unexpected end of input");
      }
      if (state == ORDINARY) {
        wire[label] = (byte) count;
      }
      // The root origin: one more octet.
      wire[nused++] = 0;
    }
    try {
      return new Name(new DNSInput(java.util.Arrays.copyOf(wire, nused)));
    } catch (IOException e) {
      throw illegal(text, e.getMessage());
    }
  }

  private static DigFatal illegal(String text, String reason) {
    return DigFatal.warnAndExit("'" + text + "' is not a legal name (" + reason + ")");
  }
}
