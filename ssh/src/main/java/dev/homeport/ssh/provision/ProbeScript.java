package dev.homeport.ssh.provision;

import dev.homeport.ssh.transport.Command;

/**
 * The probe's one round trip: a fixed POSIX sh script that only reads, and
 * prints one fact per line as {@code key=value}. It takes no values, so
 * nothing from outside is ever parsed as shell code. The facts are judged in
 * Java ({@link ProbeChecks}), where the rules can be read and tested.
 */
final class ProbeScript {
    static final String SCRIPT = """
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
            LC_ALL=C
            export PATH LC_ALL
            kv() { printf '%s=%s\\n' "$1" "$2"; }
            flat() { printf '%s' "$1" | tr '\\n' ' '; }
            has() { command -v "$1" >/dev/null 2>&1; }
            df_kb() { d=$1; while [ ! -e "$d" ]; do d=$(dirname "$d"); done; df -Pk "$d" | awk 'NR == 2 {print $4}'; }
            if [ -r /etc/os-release ]; then
              ( . /etc/os-release; kv os.id "${ID:-}"; kv os.like "${ID_LIKE:-}"; kv os.version "${VERSION_ID:-}"; kv os.name "${PRETTY_NAME:-}" )
            fi
            kv arch "$(uname -m)"
            kv cpus "$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"
            kv mem.kb "$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
            kv user "$(id -un)"
            kv groups.session "$(id -Gn)"
            kv groups.account "$(id -Gn "$(id -un)")"
            SUDO=
            if [ "$(id -u)" = 0 ]; then kv sudo root
            elif ! has sudo; then kv sudo missing; SUDO=none
            elif sudo -n true 2>/dev/null; then kv sudo passwordless; SUDO="sudo -n"
            else kv sudo password; SUDO=none
            fi
            if [ -d /run/systemd/system ]; then kv init systemd; else kv init other; fi
            root=
            if has docker; then
              out=$(docker version --format '{{.Server.Version}}' 2>&1); rc=$?
              kv docker.rc "$rc"
              kv docker.out "$(flat "$(printf '%s' "$out" | tail -n 2)")"
              if [ "$rc" = 0 ]; then
                root=$(docker info --format '{{.DockerRootDir}}' 2>/dev/null)
                if docker network inspect homeport >/dev/null 2>&1; then kv docker.network yes; else kv docker.network no; fi
              elif [ "$SUDO" != none ] && $SUDO docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
                kv docker.as_root ok
                root=$($SUDO docker info --format '{{.DockerRootDir}}' 2>/dev/null)
              fi
            else
              kv docker.rc missing
            fi
            kv disk.root.kb "$(df_kb /)"
            kv disk.docker.path "${root:-/var/lib/docker}"
            kv disk.docker.kb "$(df_kb "${root:-/var/lib/docker}")"
            for p in caddy netdata docker.io docker-ce; do
              kv "pkg.$p" "$(dpkg-query -W -f='${Status}|${Version}' "$p" 2>/dev/null)"
            done
            if has caddy; then kv caddy.version "$(caddy version 2>/dev/null | head -n 1)"; fi
            if has netdata; then kv netdata.version "$(netdata -v 2>/dev/null | head -n 1)"; fi
            if has git; then kv git.version "$(git --version 2>/dev/null)"; fi
            for t in age crontab; do if has "$t"; then kv "has.$t" yes; fi; done
            if has rclone; then kv rclone.version "$(rclone version 2>/dev/null | head -n 1)"; fi
            if [ -x /bin/busybox ] && LC_ALL=C ldd /bin/busybox 2>&1 | grep -q 'not a dynamic'; then kv busybox.static yes; fi
            kv migrate_req "$(cat /proc/sys/net/ipv4/tcp_migrate_req 2>/dev/null || echo missing)"
            if grep -Eqs '^[[:space:]]*net[.]ipv4[.]tcp_migrate_req[[:space:]]*=[[:space:]]*1[[:space:]]*$' /etc/sysctl.conf /etc/sysctl.d/*.conf; then kv migrate_req.saved yes; fi
            # The node's own caddy, not one running in a container (a cluster's edge runs caddy too).
            ps -eo pid=,args= 2>/dev/null | awk '$2 ~ /(^|\\/)caddy$/ && $3 == "run"' | while read -r pid line; do
              grep -Eqs '/docker[/-]|/containerd/|/libpod-|kubepods' "/proc/$pid/cgroup" || kv caddy.process "$line"
            done
            if [ -f /etc/systemd/system/caddy.service.d/homeport.conf ]; then kv caddy.dropin yes; fi
            if has systemctl && [ -d /run/systemd/system ]; then
              kv caddy.enabled "$(systemctl is-enabled caddy 2>/dev/null)"
              kv netdata.enabled "$(systemctl is-enabled netdata 2>/dev/null)"
            fi
            if [ -r /etc/netdata/netdata.conf ]; then
              kv netdata.conf yes
              grep -E '^[[:space:]]*(bind to|bind socket to IP)[[:space:]]*=' /etc/netdata/netdata.conf | while IFS= read -r line; do kv netdata.bind "$line"; done
            fi
            awk 'FNR > 1 && $4 == "0A" {print "listen=" $2}' /proc/net/tcp /proc/net/tcp6 2>/dev/null
            if [ "$SUDO" != none ] && has ss; then
              $SUDO ss -Hltnp 2>/dev/null | while IFS= read -r line; do kv socket "$line"; done
            fi
            ps -eo pid=,comm= 2>/dev/null | awk '$2 == "caddy" || $2 == "netdata" {print "process=" $2}' | sort -u
            for f in /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock; do
              [ -e "$f" ] || continue
              ino=$(stat -c %i "$f")
              if awk -v ino="$ino" '{for (i = 1; i <= NF; i++) {n = split($i, p, ":"); if (n == 3 && p[3] == ino) found = 1}} END {exit !found}' /proc/locks; then kv dpkg.locked "$f"; fi
            done
            ps -eo pid=,comm= 2>/dev/null | awk '$2 ~ /^(apt|apt-get|aptitude|dpkg|unattended-upgr)$/ {print "dpkg.running=" $2 " (pid " $1 ")"}'
            if [ -n "$(ls -A /var/lib/dpkg/updates 2>/dev/null)" ]; then kv dpkg.interrupted yes; fi
            kv dpkg.audit "$(flat "$(dpkg --audit 2>/dev/null | head -n 4)")"
            exit 0
            """;

    private ProbeScript() {
    }

    static Command command() {
        return Command.script(SCRIPT);
    }
}
