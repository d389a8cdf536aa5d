package dev.netdiag.dns;

/** The transport an exchange used, named as dig prints it in its SERVER line. */
public enum Transport {
  UDP,
  TCP,
  TLS
}
