package dev.netdiag.cli.dig;

import dev.netdiag.cli.Output;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * dig's TSIG keys: {@code -y [hmac:]name:secret} and {@code -k FILE} (a named.conf {@code key}
 * statement, as tsig-keygen writes, or a dnssec-keygen K*.private file), with dig 9.18's defaults
 * (hmac-md5 when -y names no algorithm) and messages. A key that cannot be made leaves the queries
 * unsigned, as dig does.
 */
final class DigKey {
  private DigKey() {}

  /**
   * What -k or -y gave.
   *
   * @param tsig the key, or null when none could be made
   * @param secretGiven a secret was read (dig warns after each answer when it made no key)
   */
  record Loaded(TSIG tsig, boolean secretGiven) {}

  /** The parts of a -y value: algorithm (null for dig's default), key name, base64 secret. */
  record Parts(String algorithm, String name, String secret) {}

  /**
   * Splits a -y value as dig's strtok does (empty fields are skipped): two fields are name and
   * secret, three or more are algorithm, name and the rest as secret; null for fewer than two.
   */
  static Parts split(String value) {
    int i = skipColons(value, 0);
    int end1 = value.indexOf(':', i);
    if (i >= value.length() || end1 < 0) {
      return null;
    }
    String first = value.substring(i, end1);
    int j = skipColons(value, end1);
    if (j >= value.length()) {
      return null;
    }
    int end2 = value.indexOf(':', j);
    if (end2 < 0) {
      return new Parts(null, first, value.substring(j));
    }
    String second = value.substring(j, end2);
    String rest = value.substring(end2 + 1);
    return rest.isEmpty() ? new Parts(null, first, second) : new Parts(first, second, rest);
  }

  private static int skipColons(String value, int from) {
    int i = from;
    while (i < value.length() && value.charAt(i) == ':') {
      i++;
    }
    return i;
  }

  /** dig's hmac names (case-insensitive); a -BITS suffix asks for a truncated MAC. */
  static Name algorithm(String hmac) {
    return switch (hmac.toLowerCase(Locale.ROOT)) {
      case "hmac-md5" -> TSIG.HMAC_MD5;
      case "hmac-sha1" -> TSIG.HMAC_SHA1;
      case "hmac-sha224" -> TSIG.HMAC_SHA224;
      case "hmac-sha256" -> TSIG.HMAC_SHA256;
      case "hmac-sha384" -> TSIG.HMAC_SHA384;
      case "hmac-sha512" -> TSIG.HMAC_SHA512;
      default -> null;
    };
  }

  /** True for dig's truncated-MAC forms such as hmac-sha256-128, which netdiag does not build. */
  static boolean truncated(String hmac) {
    return hmac.toLowerCase(Locale.ROOT).matches("hmac-(md5|sha1|sha224|sha256|sha384|sha512)-.*");
  }

  /**
   * The key of a -y value (already split), or null with dig's message on {@code out}: an unknown
   * algorithm was warned about on {@code err} while parsing; a bad secret or name is said here.
   */
  static TSIG fromText(Name algorithm, String name, String secret, Output out) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret);
    } catch (IllegalArgumentException e) {
      out.text(";; Couldn't create key ").text(name).line(": bad base64 encoding");
      return null;
    }
    if (algorithm == null) {
      out.text(";; Couldn't create key ").text(name).line(": algorithm is unsupported");
      return null;
    }
    try {
      return new TSIG(algorithm, Name.fromString(name, Name.root), key);
    } catch (TextParseException e) {
      out.text(";; Couldn't create key ").text(name).line(": bad name");
      return null;
    }
  }

  private static final Pattern KEY = Pattern.compile("key\\s+(?:\"([^\"]*)\"|([^\\s{]+))\\s*\\{");
  private static final Pattern ALGORITHM =
      Pattern.compile("algorithm\\s+\"?([A-Za-z0-9-]+)\"?\\s*;");
  private static final Pattern SECRET = Pattern.compile("secret\\s+\"([^\"]*)\"\\s*;");

  /** Thrown for dig's fatal key errors ("key must have algorithm and secret"). */
  static final class Fatal extends Exception {
    private static final long serialVersionUID = 1L;

    Fatal(String message) {
      super(message);
    }
  }

  /**
   * The key in a -k file, or null after "Couldn't read key from FILE: …" on {@code err} (the
   * queries then go unsigned, as dig's).
   */
  static Loaded fromFile(String file, Output out, Output err) throws Fatal {
    String text;
    try {
      text = Files.readString(Path.of(file), StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      err.text("Couldn't read key from ").text(file).line(": file not found");
      return new Loaded(null, false);
    } catch (IOException | java.nio.file.InvalidPathException e) {
      err.text("Couldn't read key from ").text(file).line(": failure");
      return new Loaded(null, false);
    }
    if (text.startsWith("Private-key-format:")) {
      return fromPrivateFile(file, text, out, err);
    }
    String body = text.replaceAll("(?m)(#|//).*$", "");
    Matcher key = KEY.matcher(body);
    if (!key.find()) {
      err.text("Couldn't read key from ").text(file).line(": unexpected token");
      return new Loaded(null, false);
    }
    String name = key.group(1) != null ? key.group(1) : key.group(2);
    Matcher algorithm = ALGORITHM.matcher(body);
    Matcher secret = SECRET.matcher(body);
    if (!algorithm.find(key.end()) || !secret.find(key.end())) {
      throw new Fatal("key must have algorithm and secret");
    }
    String hmac = algorithm.group(1);
    Name alg = algorithm(hmac);
    if (alg == null) {
      err.text(";; Warning, ignoring invalid TSIG algorithm ").line(hmac);
    }
    return new Loaded(fromText(alg, name, secret.group(1), out), true);
  }

  // dnssec-keygen's K<name>.+<alg>+<id>.private: "Algorithm: 157 (HMAC_MD5)" and "Key: <base64>".
  private static Loaded fromPrivateFile(String file, String text, Output out, Output err) {
    Matcher alg = Pattern.compile("(?m)^Algorithm:\\s*(\\d+)").matcher(text);
    Matcher secret = Pattern.compile("(?m)^Key:\\s*(\\S+)").matcher(text);
    String base = Path.of(file).getFileName().toString();
    Matcher name = Pattern.compile("^K(.+)\\.\\+\\d+\\+\\d+\\.(private|key)$").matcher(base);
    if (!alg.find() || !secret.find() || !name.find()) {
      err.text("Couldn't read key from ").text(file).line(": unexpected token");
      return new Loaded(null, false);
    }
    Name algorithm =
        switch (Integer.parseInt(alg.group(1))) {
          case 157 -> TSIG.HMAC_MD5;
          case 161 -> TSIG.HMAC_SHA1;
          case 162 -> TSIG.HMAC_SHA224;
          case 163 -> TSIG.HMAC_SHA256;
          case 164 -> TSIG.HMAC_SHA384;
          case 165 -> TSIG.HMAC_SHA512;
          default -> null;
        };
    if (algorithm == null) {
      err.text("Couldn't read key from ").text(file).line(": algorithm is unsupported");
      return new Loaded(null, false);
    }
    return new Loaded(fromText(algorithm, name.group(1), secret.group(1), out), true);
  }
}
