# Sourced by ./mvnw and ./netdiag: sets NETDIAG_JDK to the home of a JDK >= 25, or to nothing.
# Order: JAVA_HOME, the java on PATH, then the standard install directories (newest first).
# Reads each JDK's `release` file instead of starting a JVM, so the check costs no fork.

netdiag_jdk_feature() {
  # Prints nothing and fails unless $1 is a JDK home; else sets jdk_feature to its feature release.
  jdk_feature=
  [ -x "$1/bin/java" ] && [ -r "$1/release" ] || return 1
  while IFS= read -r line; do
    case $line in
      JAVA_VERSION=*)
        jdk_feature=${line#JAVA_VERSION=\"}
        jdk_feature=${jdk_feature%%[!0-9]*}
        break
        ;;
    esac
  done <"$1/release"
  [ -n "$jdk_feature" ]
}

netdiag_find_jdk() {
  NETDIAG_JDK=
  if [ -n "${JAVA_HOME:-}" ] && netdiag_jdk_feature "$JAVA_HOME" && [ "$jdk_feature" -ge 25 ]; then
    NETDIAG_JDK=$JAVA_HOME
    return 0
  fi
  path_java=$(command -v java 2>/dev/null || true)
  if [ -n "$path_java" ]; then
    path_java=$(readlink -f "$path_java")
    path_home=${path_java%/bin/java}
    if netdiag_jdk_feature "$path_home" && [ "$jdk_feature" -ge 25 ]; then
      NETDIAG_JDK=$path_home
      return 0
    fi
  fi
  best_feature=0
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/*; do
    if netdiag_jdk_feature "$candidate" && [ "$jdk_feature" -ge 25 ] && [ "$jdk_feature" -gt "$best_feature" ]; then
      best_feature=$jdk_feature
      NETDIAG_JDK=$candidate
    fi
  done
  [ -n "$NETDIAG_JDK" ]
}
