# Sourced by bin/homeport, scripts/test and .ci/run: finds a JDK 25 and exports JAVA_HOME.
# Order: $JAVA_HOME if it is 25, then the usual install folders, then `java` on PATH.

homeport_jdk_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p'
}

homeport_find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/java-25-* /usr/lib/jvm/jdk-25* \
                   /Library/Java/JavaVirtualMachines/*25*/Contents/Home \
                   "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    if [[ -n $candidate && -x $candidate/bin/javac && $(homeport_jdk_major "$candidate") == 25 ]]; then
      export JAVA_HOME=$candidate
      return 0
    fi
  done
  echo "Homeport needs a JDK 25 (javac included). Install one, or set JAVA_HOME to it." >&2
  return 1
}

homeport_find_jdk
