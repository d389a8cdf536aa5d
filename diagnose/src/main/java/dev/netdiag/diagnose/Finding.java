package dev.netdiag.diagnose;

import java.util.List;

/**
 * One problem a check found: its code, a one-line summary for people, the evidence (lines quoted
 * from what was observed), and the plain command that shows the same thing. One record per layer,
 * each accepting only its layer's codes.
 */
public sealed interface Finding
    permits Finding.Name, Finding.Path, Finding.Listener, Finding.Firewall, Finding.Health {
  FindingCode code();

  String summary();

  List<String> evidence();

  /** A command a person can run to see the same evidence, such as {@code getent ahosts web}. */
  String command();

  default Layer layer() {
    return code().layer();
  }

  /** A finding of the name check. */
  record Name(FindingCode code, String summary, List<String> evidence, String command)
      implements Finding {
    public Name {
      evidence = List.copyOf(evidence);
      require(code, Layer.NAME);
    }
  }

  /** A finding of the path check. */
  record Path(FindingCode code, String summary, List<String> evidence, String command)
      implements Finding {
    public Path {
      evidence = List.copyOf(evidence);
      require(code, Layer.PATH);
    }
  }

  /** A finding of the listener check. */
  record Listener(FindingCode code, String summary, List<String> evidence, String command)
      implements Finding {
    public Listener {
      evidence = List.copyOf(evidence);
      require(code, Layer.LISTENER);
    }
  }

  /** A finding of the firewall check. */
  record Firewall(FindingCode code, String summary, List<String> evidence, String command)
      implements Finding {
    public Firewall {
      evidence = List.copyOf(evidence);
      require(code, Layer.FIREWALL);
    }
  }

  /** A finding of the health check. */
  record Health(FindingCode code, String summary, List<String> evidence, String command)
      implements Finding {
    public Health {
      evidence = List.copyOf(evidence);
      require(code, Layer.HEALTH);
    }
  }

  private static void require(FindingCode code, Layer layer) {
    if (code.layer() != layer) {
      throw new IllegalArgumentException(code.code() + " is not a " + layer.word() + " finding");
    }
  }
}
