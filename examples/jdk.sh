# Finds a JDK of version 21 or newer; sourced by examples/nc4j and .ci/run.
# nc4j_find_jdk prints its home: JAVA_HOME if that is new enough, else the newest JDK found under
# the usual install folders, else the `java` on PATH; it fails with a message naming what it saw.

nc4j_java_version() { # JAVA_HOME candidate -> major version (8 for 1.8), empty if none
  # The release file of every JDK since 9 (and of jlink'ed runtimes) names the version without
  # starting a JVM, which would add a tenth of a second to every nc4j command; a home without
  # one is asked through its java.
  local version=""
  if [ -f "$1/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' "$1/release")
  fi
  if [ -z "$version" ] && [ -x "$1/bin/java" ]; then
    version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \(1\.\)\{0,1\}\([0-9]*\).*/\2/p')
  fi
  echo "$version"
}

nc4j_find_jdk() {
  local candidates=() seen="" dir version best="" best_version=0
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for dir in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* \
             /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$dir/bin/javac" ] && candidates+=("$dir")
  done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for dir in "${candidates[@]}"; do
    [ -x "$dir/bin/java" ] || continue
    version=$(nc4j_java_version "$dir")
    seen="$seen $dir (${version:-?})"
    [ -n "$version" ] || continue
    if [ "$dir" = "${JAVA_HOME:-}" ] && [ "$version" -ge 21 ]; then
      echo "$dir"; return 0
    fi
    if [ "$version" -gt "$best_version" ]; then best="$dir"; best_version=$version; fi
  done
  if [ "$best_version" -ge 21 ]; then echo "$best"; return 0; fi
  echo "nc4j needs a JDK of version 21 or newer; found:${seen:- none}." >&2
  echo "Install one (for example Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}

# Options for the JVM that runs Maven with the JDK at $1: from JDK 23 on, Maven 3.8's bundled
# Guava makes the JVM print four warnings about sun.misc.Unsafe at every build, which JDK 23's
# --sun-misc-unsafe-memory-access=allow silences (older JDKs do not know the option).
nc4j_maven_opts() {
  local version
  version=$(nc4j_java_version "$1")
  if [ -n "$version" ] && [ "$version" -ge 23 ]; then
    echo "--sun-misc-unsafe-memory-access=allow"
  fi
}
