package dev.netdiag.diagnose;

import java.util.List;

/**
 * The one-line answer: the layer that broke and the finding that shows it, or "ok". When several
 * layers report problems the cause wins over the symptom: a name that does not resolve, then the
 * listener and the firewall (which explain a failed connect), then the path, then health.
 *
 * @param code the chosen finding's code, or "ok"
 * @param layer the layer, or null when ok
 */
public record Verdict(String code, Layer layer, String summary) {
  private static final List<Layer> PRIORITY =
      List.of(Layer.NAME, Layer.LISTENER, Layer.FIREWALL, Layer.PATH, Layer.HEALTH);

  public boolean ok() {
    return layer == null;
  }

  /** The verdict over every finding. */
  public static Verdict of(List<Finding> findings, String okSummary) {
    for (Layer layer : PRIORITY) {
      for (Finding finding : findings) {
        if (finding.layer() == layer) {
          return new Verdict(finding.code().code(), layer, finding.summary());
        }
      }
    }
    return new Verdict("ok", null, okSummary);
  }
}
