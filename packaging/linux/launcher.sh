#!/usr/bin/env bash
# Homeport's launcher on Linux: starts the app on its bundled runtime with the class path and
# options of its launcher configuration (lib/app/homeport.cfg in an app image,
# lib/homeport/app/homeport.cfg when installed under /usr). packaging/build puts it in place of
# jpackage's own Linux launcher, which asks rpm and dpkg which package owns it every time it
# starts: about 0.4 s of every start (docs/startup.md).
set -euo pipefail
self=$(readlink -f "${BASH_SOURCE[0]}")
top=$(dirname "$(dirname "$self")")
app=
for candidate in "$top/lib/app" "$top/lib/homeport/app"; do
  if [[ -f $candidate/homeport.cfg ]]; then app=$candidate; break; fi
done
[[ -n $app ]] || { echo "homeport: no homeport.cfg in $top/lib/app or $top/lib/homeport/app" >&2; exit 1; }
main=
classpath=()
options=()
while IFS= read -r line; do
  value=${line#*=}
  value=${value//\$APPDIR/$app}
  case $line in
    app.mainclass=*) main=$value ;;
    app.classpath=*) classpath+=("$value") ;;
    java-options=*) options+=("$value") ;;
  esac
done <"$app/homeport.cfg"
if (($# > 0)); then
  # The command line runs on C1 only: a command lives for a fraction of a second, and C2's compiler
  # threads would take the cores it needs (docs/startup.md, "The command line").
  options+=(-XX:TieredStopAtLevel=1)
  # The command line: its own AOT cache (trained by packaging/build on 'org list') in place of the
  # window's; none at all when the app is open and serves the command, which then only talks to it
  # (docs/startup.md, "The command line"). HOMEPORT_TRAIN_CLI_AOT=1 is packaging/build's training run.
  cli_cache=$app/homeport-cli.aot
  socket=${HOMEPORT_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/homeport}/run/cli.sock
  if [[ -n ${HOMEPORT_TRAIN_CLI_AOT:-} || -S $socket || -s $cli_cache ]]; then
    kept=()
    for option in "${options[@]}"; do
      [[ $option == -XX:AOTCache=* ]] || kept+=("$option")
    done
    options=("${kept[@]}")
    if [[ -n ${HOMEPORT_TRAIN_CLI_AOT:-} ]]; then
      options+=("-XX:AOTCacheOutput=$cli_cache")
    elif [[ ! -S $socket ]]; then
      # A cache the JVM cannot use is skipped without a word on stdout, which belongs to the command.
      options+=("-XX:AOTCache=$cli_cache" -Xlog:disable -Xlog:all=off)
    fi
  fi
fi
exec "$(dirname "$app")/runtime/bin/java" -Djava.class.path="$(IFS=:; echo "${classpath[*]}")" "${options[@]}" \
  -Djpackage.app-path="$self" "$main" "$@"
