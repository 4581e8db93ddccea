# shellcheck shell=bash
# The rig's cluster: three Worker Nodes with a Docker Engine each, for tests of
# environments on Docker Swarm. Sourced by scripts/rig.
#
# Node containers cannot run Docker here (privileged containers fail), so each
# node is a network namespace of this machine instead:
#   - namespace hp-nN, joined to the host bridge hpc0 (10.78.0.1/24) by a veth
#     pair, with the address 10.78.0.(10+N);
#   - its own dockerd, data under $STATE/cluster/nN, socket in $CLUSTER_RUN/nN;
#   - its own sshd on port 22 for the test user, with its own host keys; the
#     session's DOCKER_HOST points at the node's dockerd, so `docker` and
#     `docker system dial-stdio` over SSH reach that node's Docker;
#   - its own Caddy, admin API on the namespace's 127.0.0.1:2019, ports 80/443
#     on the node's address;
#   - its own Netdata on the namespace's 127.0.0.1:19999, which names the
#     containers through the node's dockerd (DOCKER_HOST), as a node's Netdata
#     names its own Docker's.
# The namespaces share this machine's files, so every node keeps its state in a
# folder of its own. They share its cgroups too: a node's Netdata sees every
# node's containers, and names (so charts as cgroup_<name>) only its own.
#
# dockerd runs under `nsenter --net`, not `ip netns exec`: the latter remounts
# /sys, hides the cgroup mounts, and dockerd fails ("Devices cgroup isn't mounted").

CLUSTER_SIZE=3
CLUSTER_BRIDGE=hpc0
CLUSTER_PREFIX=10.78.0
CLUSTER_RUN=/run/homeport-rig
CLUSTER_KNOWN_HOSTS=$STATE/cluster/known_hosts
# The cluster edge's socket folders (ClusterEdge.FOLDERS), one per node host name; the nodes share this disk.
CLUSTER_EDGE_FOLDERS=/var/lib/homeport-edge
# The cluster's certificate authority, a folder per node host name (ClusterEdge.AUTHORITIES).
CLUSTER_CA_FOLDERS=/var/lib/homeport-ca

node_ns() { echo "hp-n$1"; }
node_addr() { echo "$CLUSTER_PREFIX.$((10 + $1))"; }
node_state() { echo "$STATE/cluster/n$1"; }
node_run() { echo "$CLUSTER_RUN/n$1"; }
node_socket() { echo "$(node_run "$1")/docker.sock"; }
in_node() { local n=$1; shift; nsenter --net="/var/run/netns/$(node_ns "$n")" "$@"; }
node_docker() { local n=$1; shift; docker -H "unix://$(node_socket "$n")" "$@"; }
node_docker_ok() { node_docker "$1" info >/dev/null 2>&1; }
node_sshd_ok() { pid_of "$(node_run "$1")/sshd.pid" sshd >/dev/null && [[ -n $(in_node "$1" ss -Hltn 'sport = :22') ]]; }
node_caddy_ok() { in_node "$1" curl -fsS -o /dev/null --max-time 2 "$CADDY_ADMIN/config/" 2>/dev/null; }
node_image_ok() { node_docker "$1" image inspect "$BASE_IMAGE" >/dev/null 2>&1; }
# The rig's images every node gets: the base, and the database images the cluster's tests deploy (loaded here once,
# not by each test; a test still loads one a node lacks). rig fresh and the tests' reset keep them, as the base.
cluster_images() { echo "$BASE_IMAGE" "${DB_IMAGES[@]%%=*}"; }
# node_has_image N IMAGE: node N has IMAGE as this machine's Docker has it (the same ID: a rebuilt one is loaded again).
node_has_image() {
  local id
  id=$(docker image inspect -f '{{.Id}}' "$2" 2>/dev/null) || return 1
  [[ $(node_docker "$1" image inspect -f '{{.Id}}' "$2" 2>/dev/null) == "$id" ]]
}
# node_rig_image_ids N: the IDs of the rig's images node N has, one a line.
node_rig_image_ids() {
  # shellcheck disable=SC2046 # one image name per word
  node_docker "$1" image inspect -f '{{.Id}}' $(cluster_images) 2>/dev/null || true
}
node_netdata_ok() { in_node "$1" curl -fsS -o /dev/null --max-time 2 "$NETDATA_URL/api/v1/info" 2>/dev/null; }
node_numbers() { seq 1 "$CLUSTER_SIZE"; }

# iptables_once TABLE CHAIN RULE...: put the rule first in the chain, unless it is there.
# First, because Docker ends DOCKER-USER with RETURN.
iptables_once() {
  local table=$1
  shift
  iptables -t "$table" -C "$@" 2>/dev/null || iptables -t "$table" -I "$@"
}

ensure_cluster_network() {
  local n ns host_if made=0
  if ! ip link show "$CLUSTER_BRIDGE" >/dev/null 2>&1; then
    ip link add "$CLUSTER_BRIDGE" type bridge
    ip addr add "$CLUSTER_PREFIX.1/24" dev "$CLUSTER_BRIDGE"
    made=1
  fi
  ip link set "$CLUSTER_BRIDGE" up
  for n in $(node_numbers); do
    ns=$(node_ns "$n")
    host_if=hpc-n$n
    [[ -e /var/run/netns/$ns ]] || { ip netns add "$ns"; made=1; }
    if ! ip link show "$host_if" >/dev/null 2>&1; then
      ip link add "$host_if" type veth peer name eth0 netns "$ns"
      ip link set "$host_if" master "$CLUSTER_BRIDGE" up
      in_node "$n" ip addr add "$(node_addr "$n")/24" dev eth0
      made=1
    fi
    in_node "$n" ip link set lo up
    in_node "$n" ip link set eth0 up
    in_node "$n" ip route replace default via "$CLUSTER_PREFIX.1"
    # Caddy's reloads drop no queued connection with this (see ensure_caddy); it is per namespace.
    [[ ! -e /proc/sys/net/ipv4/tcp_migrate_req ]] || in_node "$n" sysctl -q -w net.ipv4.tcp_migrate_req=1
  done
  # This machine's Docker sets the FORWARD policy to DROP; traffic between the
  # nodes crosses the bridge (br_netfilter), and the nodes reach Debian's
  # archive through this machine.
  iptables -t filter -N DOCKER-USER 2>/dev/null || true
  iptables_once filter DOCKER-USER -i "$CLUSTER_BRIDGE" -j ACCEPT
  iptables_once filter DOCKER-USER -o "$CLUSTER_BRIDGE" -j ACCEPT
  iptables_once nat POSTROUTING -s "$CLUSTER_PREFIX.0/24" ! -o "$CLUSTER_BRIDGE" -j MASQUERADE
  # Tests that use the nodes take turns through this file (any user may lock it).
  [[ -e $STATE/cluster.lock ]] || install -m 0666 /dev/null "$STATE/cluster.lock"
  ((made)) && note "made bridge and namespaces" || note "ready"
}

ensure_cluster_dockerd() {
  local n run state pid started=()
  for n in $(node_numbers); do
    node_docker_ok "$n" && continue
    run=$(node_run "$n")
    state=$(node_state "$n")
    install -d -m 0755 "$run" "$state" "$state/docker"
    if pid=$(pid_of "$run/dockerd.pid" dockerd); then
      started+=("n$n waiting")
    else
      # A dockerd killed by node-down leaves its pid file; dockerd refuses to start while any process has that pid.
      rm -f "$run/docker.sock" "$run/dockerd.pid"
      # So does its containerd: a new dockerd that finds any live process (a thread, too) under the old pid takes
      # it for its containerd, waits for it to answer, and gives up. Kept only while a containerd has that pid.
      pid_of "$run/exec/containerd/containerd.pid" containerd >/dev/null || rm -f "$run/exec/containerd/containerd.pid"
      install -d -m 0755 /etc/docker "$state/etc-docker"
      # Its own host name (the swarm shows it) and its own /etc/docker, where
      # dockerd keeps the key its engine ID comes from.
      spawn "$LOGS/dockerd-n$n.log" nsenter --net="/var/run/netns/$(node_ns "$n")" \
        unshare --mount --uts --propagation private \
        sh -c 'hostname "$1" && mount --bind "$2" /etc/docker && shift 2 && exec "$@"' sh "node-$n" "$state/etc-docker" \
        dockerd --data-root "$state/docker" --exec-root "$run/exec" --pidfile "$run/dockerd.pid" \
        -H "unix://$run/docker.sock" --group docker
      started+=("n$n")
    fi
  done
  for n in $(node_numbers); do
    wait_until 60 node_docker_ok "$n" || die_log "dockerd of node $n did not answer within 60 s" "$LOGS/dockerd-n$n.log"
  done
  ((${#started[@]})) && note "started ${started[*]}" || note "running"
}

ensure_cluster_images() {
  local n image loaded=()
  for n in $(node_numbers); do
    for image in $(cluster_images); do
      node_has_image "$n" "$image" && continue
      progress "loading $image into n$n"
      docker save "$image" | node_docker "$n" load >/dev/null
      loaded+=("$image@n$n")
    done
  done
  ((${#loaded[@]})) && note "loaded ${loaded[*]}" || note "cached"
}

# ensure_cluster_netdata: each node's Netdata, configured as this machine's (scripts/rig.d/netdata.conf.in) with
# the node's own folders and host name. cgroup-name.sh asks the docker CLI, which reads DOCKER_HOST as a URL.
ensure_cluster_netdata() {
  local n dir pidfile started=()
  for n in $(node_numbers); do
    dir=$(node_state "$n")/netdata
    pidfile=$(node_run "$n")/netdata.pid
    install -d -m 0755 "$dir" "$dir/cache" "$dir/lib" "$dir/log" "$(node_run "$n")"
    # A changed configuration takes a restart.
    if ! render netdata.conf.in | sed -e "s|$STATE/netdata|$dir|g" -e "s|hostname = homeport-rig|hostname = node-$n|" \
        | put_file "$dir/netdata.conf" 0644 && node_netdata_ok "$n"; then
      continue
    fi
    stop_pidfile "$pidfile" netdata || true
    spawn "$LOGS/netdata-n$n.log" nsenter --net="/var/run/netns/$(node_ns "$n")" \
      env DO_NOT_TRACK=1 DOCKER_HOST="unix://$(node_socket "$n")" netdata -c "$dir/netdata.conf" -P "$pidfile"
    started+=("n$n")
  done
  for n in $(node_numbers); do
    wait_until 60 node_netdata_ok "$n" || die_log "netdata of node $n did not answer within 60 s" "$(node_state "$n")/netdata/log/error.log"
  done
  ((${#started[@]})) && note "started ${started[*]}" || note "running"
}

write_cluster_known_hosts() {
  local n type
  for n in $(node_numbers); do
    for type in ed25519 ecdsa rsa; do
      printf '%s %s\n' "$(node_addr "$n")" "$(cut -d' ' -f1,2 "$(node_state "$n")/sshd/ssh_host_${type}_key.pub")"
    done
  done | put_file "$CLUSTER_KNOWN_HOSTS" 0644 || true
}

node_sshd_config() {
  local n=$1 dir
  dir=$(node_state "$n")/sshd
  sed -e "s|^ListenAddress .*|ListenAddress $(node_addr "$n")|" \
    -e 's|^Port .*|Port 22|' \
    -e "s|^PidFile .*|PidFile $(node_run "$n")/sshd.pid|" \
    -e "s|^HostKey @RIG_DIR@/sshd/|HostKey $dir/|" \
    "$RIG_D/sshd_config.in"
  # The node's Docker, for every session: `docker` and dial-stdio read DOCKER_HOST.
  printf 'SetEnv DOCKER_HOST=unix://%s\n' "$(node_socket "$n")"
}

ensure_cluster_sshd() {
  local n dir type key config pid started=()
  for n in $(node_numbers); do
    dir=$(node_state "$n")/sshd
    install -d -m 0755 "$dir" "$(node_run "$n")"
    for type in ed25519 ecdsa rsa; do
      key=$dir/ssh_host_${type}_key
      if [[ ! -s $key || ! -s $key.pub ]]; then
        rm -f "$key" "$key.pub"
        ssh-keygen -q -t "$type" -N '' -C "homeport-rig-n$n" -f "$key"
      fi
    done
    config=$dir/sshd_config
    local changed=
    node_sshd_config "$n" | put_file "$config" 0644 && changed=1
    /usr/sbin/sshd -t -f "$config" 2>"$LOGS/sshd-n$n-check.log" || die_log "sshd rejects $config" "$LOGS/sshd-n$n-check.log"
    if pid=$(pid_of "$(node_run "$n")/sshd.pid" sshd); then
      [[ -z $changed ]] || { kill -HUP "$pid"; started+=("n$n reloaded"); }
      continue
    fi
    # In the node's network namespace, and with its dockerd's host name.
    spawn "$LOGS/sshd-n$n.log" nsenter --net="/var/run/netns/$(node_ns "$n")" \
      --uts="/proc/$(pid_of "$(node_run "$n")/dockerd.pid" dockerd)/ns/uts" \
      /usr/sbin/sshd -f "$config" -E "$LOGS/sshd-n$n.log"
    started+=("n$n")
  done
  for n in $(node_numbers); do
    wait_until 10 node_sshd_ok "$n" || die_log "sshd of node $n did not start on $(node_addr "$n"):22" "$LOGS/sshd-n$n.log"
  done
  write_cluster_known_hosts
  ((${#started[@]})) && note "started ${started[*]}" || note "running"
}

# node_caddy_current PID: the node's Caddy was started with the rig's trusted roots, the ACME listener's CA as it
# is now among them: Go reads them once, so a Caddy started before the CA was made anew still trusts the old one.
node_caddy_current() {
  proc_has_env "$1" "SSL_CERT_DIR=$ACME_CERT_DIRS" && proc_has_env "$1" "HOMEPORT_RIG_ACME_CA=$(acme_ca_fingerprint)"
}

# stale_node_caddies: the numbers of the nodes whose running Caddy lacks the rig's trusted roots.
stale_node_caddies() {
  local n pid
  for n in $(node_numbers); do
    pid=$(pid_of "$(node_run "$n")/caddy.pid" caddy) || continue
    node_caddy_current "$pid" || echo "$n"
  done
}

# take_cluster_lock: hold the lock the cluster tests take turns with (descriptor
# 8), so a node's daemon is never restarted under a test. A test that holds it
# may run `rig node-up`, which needs the rig lock: the rig lock is let go while
# waiting, so both are taken in the tests' order. Released by `exec 8>&-`.
take_cluster_lock() {
  exec 8>>"$STATE/cluster.lock"
  flock -n 8 && return 0
  progress "waiting for $STATE/cluster.lock (a cluster test is running)"
  flock -u 9
  flock -w 3600 8 || die "a cluster test held $STATE/cluster.lock for an hour"
  flock -w 600 9 || die "another rig run holds $STATE/rig.lock"
}

ensure_cluster_caddy() {
  local n state pidfile started=() restarted=()
  # A Caddy started before the rig had the ACME CA does not trust its listener:
  # Go reads its trusted roots once. Restarted between two cluster tests.
  if [[ -n $(stale_node_caddies) ]]; then
    take_cluster_lock
    for n in $(stale_node_caddies); do
      stop_pidfile "$(node_run "$n")/caddy.pid" caddy || true
      restarted+=("n$n")
    done
  fi
  for n in $(node_numbers); do
    state=$(node_state "$n")/caddy
    pidfile=$(node_run "$n")/caddy.pid
    install -d -m 0700 "$state" "$state/config" "$state/data"
    pid_of "$pidfile" caddy >/dev/null && continue
    # SSL_CERT_DIR: Go reads the folders' certificates besides the default bundle.
    spawn "$LOGS/caddy-n$n.log" nsenter --net="/var/run/netns/$(node_ns "$n")" \
      env XDG_CONFIG_HOME="$state/config" XDG_DATA_HOME="$state/data" SSL_CERT_DIR="$ACME_CERT_DIRS" \
      HOMEPORT_RIG_ACME_CA="$(acme_ca_fingerprint)" \
      caddy run --config "$STATE/caddy/caddy.json" --resume --pidfile "$pidfile"
    [[ " ${restarted[*]} " == *" n$n "* ]] || started+=("n$n")
  done
  for n in $(node_numbers); do
    wait_until 30 node_caddy_ok "$n" || die_log "caddy of node $n did not answer within 30 s" "$LOGS/caddy-n$n.log"
  done
  exec 8>&-
  ((${#started[@]})) && note "started ${started[*]}"
  ((${#restarted[@]})) && note "restarted ${restarted[*]} (to trust the ACME listener's CA)"
  [[ -n $NOTE ]] || note "running"
}

cluster_properties() {
  local n
  echo "cluster.size=$CLUSTER_SIZE"
  echo "cluster.known_hosts=$CLUSTER_KNOWN_HOSTS"
  for n in $(node_numbers); do
    echo "cluster.n$n.host=$(node_addr "$n")"
    echo "cluster.n$n.docker.socket=$(node_socket "$n")"
  done
}

cluster_status() {
  local n failed=0
  for n in $(node_numbers); do
    if node_docker_ok "$n" && node_sshd_ok "$n" && node_caddy_ok "$n" && node_image_ok "$n" && node_netdata_ok "$n"; then
      printf '%-10s ok\n' "node-n$n"
    else
      printf '%-10s down\n' "node-n$n"
      failed=1
    fi
  done
  return "$failed"
}

# cluster_leftovers: what tests left on the nodes, one line each.
cluster_leftovers() {
  local n kept
  for n in $(node_numbers); do
    node_docker_ok "$n" || { echo "n$n: docker is not running"; continue; }
    kept=$(node_rig_image_ids "$n")
    {
      node_docker "$n" ps -a --format 'container {{.Names}} ({{.Image}}, {{.Status}})'
      node_docker "$n" network ls --format '{{.Name}}' | while read -r name; do
        is_builtin_network "$name" || [[ $name == homeport ]] || echo "network $name"
      done
      node_docker "$n" volume ls -q | sed 's/^/volume /'
      node_docker "$n" image ls --no-trunc --format '{{.ID}} {{.Repository}}:{{.Tag}}' |
        while read -r id name; do grep -qxF "$id" <<<"$kept" || echo "image $name"; done
      local swarm
      swarm=$(node_docker "$n" info --format '{{.Swarm.LocalNodeState}}')
      [[ $swarm == inactive ]] || echo "swarm: in a swarm ($swarm)"
      local routes
      routes=$(in_node "$n" curl -fsS --max-time 5 "$CADDY_ADMIN/config/" | jq '[.apps.http.servers[]?.routes[]?] | length')
      ((routes == 0)) || echo "caddy: $routes route(s) in its config"
    } | sed "s/^/n$n: /"
  done
  local folder
  for folder in "$CLUSTER_EDGE_FOLDERS"/*; do
    [[ ! -e $folder ]] || echo "edge socket folder $folder"
  done
  for folder in "$CLUSTER_CA_FOLDERS"/*; do
    [[ ! -e $folder ]] || echo "certificate authority folder $folder"
  done
}

# leave_swarms: every node out of its swarm, keeping a quorum of managers to the end, as the tests' RigCluster.reset
# does: the other managers are demoted first, then the rest leave, then the last manager. A manager that leaves a
# swarm whose quorum is already gone waits for Raft's elections first (10 to 35 s each). Any step that fails leaves
# the nodes to the forced leave that follows it.
leave_swarms() {
  local n keeper="" self others
  for n in $(node_numbers); do
    if [[ $(node_docker "$n" info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null) == true ]]; then
      keeper=$n
      break
    fi
  done
  if [[ -n $keeper ]]; then
    self=$(node_docker "$keeper" info --format '{{.Swarm.NodeID}}' 2>/dev/null) || true
    others=$(node_docker "$keeper" node ls --filter role=manager -q 2>/dev/null | { grep -vxF "${self:-none}" || true; })
    # shellcheck disable=SC2086 # one id per word
    [[ -z $others ]] || node_docker "$keeper" node demote $others >/dev/null 2>&1 || true
  fi
  for n in $(node_numbers); do
    [[ $n == "$keeper" ]] || node_docker "$n" swarm leave --force >/dev/null 2>&1 || true
  done
  [[ -z $keeper ]] || node_docker "$keeper" swarm leave --force >/dev/null 2>&1 || true
}

# reset_cluster: every node back to a fresh one: out of any swarm, with no
# container, network, volume or image but the rig's (cluster_images), and Caddy's initial config.
reset_cluster() {
  local n kept removed=0
  leave_swarms
  for n in $(node_numbers); do
    restart_if_gossip_kept "$n"
    local ids
    ids=$(node_docker "$n" ps -aq)
    # shellcheck disable=SC2086 # one id per word
    [[ -z $ids ]] || { node_docker "$n" rm -f $ids >/dev/null; removed=$((removed + $(wc -w <<<"$ids"))); }
    node_docker "$n" network ls --format '{{.Name}}' | while read -r name; do
      is_builtin_network "$name" || node_docker "$n" network rm "$name" >/dev/null
    done
    local volumes images
    volumes=$(node_docker "$n" volume ls -q)
    # shellcheck disable=SC2086 # one name per word
    [[ -z $volumes ]] || node_docker "$n" volume rm -f $volumes >/dev/null
    kept=$(node_rig_image_ids "$n")
    # An image with children built from it is refused until they are gone: a few passes take a chain away.
    local pass
    for pass in 1 2 3 4 5; do
      images=$(node_docker "$n" image ls -q --no-trunc | sort -u | { grep -vxF "${kept:-none}" || true; })
      [[ -n $images ]] || break
      # shellcheck disable=SC2086 # one id per word
      node_docker "$n" image rm -f $images >/dev/null 2>&1 || true
    done
    in_node "$n" curl -fsS --max-time 10 -X POST -H 'Content-Type: application/json' \
      --data-binary @"$STATE/caddy/caddy.json" "$CADDY_ADMIN/load" >/dev/null ||
      die "caddy of node $n did not take its initial config"
  done
  rm -rf "$CLUSTER_EDGE_FOLDERS" "$CLUSTER_CA_FOLDERS"
  note "nodes out of the swarm, emptied; removed $removed container(s)"
}

stop_cluster() {
  local n
  for n in $(node_numbers); do
    stop_pidfile "$(node_run "$n")/sshd.pid" sshd || true
    stop_pidfile "$(node_run "$n")/caddy.pid" caddy || true
    stop_pidfile "$(node_run "$n")/netdata.pid" netdata || true
    stop_pidfile "$(node_run "$n")/dockerd.pid" dockerd || true
  done
  note "stopped the nodes' sshd, caddy, netdata and dockerd (namespaces and bridge kept)"
}

# node_processes N: the pids of node N's Docker: its dockerd, the containerd that dockerd
# started, the containerd shims, and each container's first process (the rest of a container
# dies with its first process, the init of its pid namespace). Containers first.
node_processes() {
  local run shim
  run=$(node_run "$1")/exec/containerd
  for shim in $(pgrep -f -- "-address $run/containerd.sock" || true); do
    pgrep -P "$shim" || true
  done
  pgrep -f -- "-address $run/containerd.sock" || true
  pgrep -f -- "--config $run/containerd.toml" || true
  pid_of "$(node_run "$1")/dockerd.pid" dockerd || true
}

# restart_if_gossip_kept N: Docker 20.10 sometimes keeps listening on Swarm's gossip
# port (7946) after it left a swarm; the next swarm it joins then fails to start its
# gossip ("bind: address already in use") and the node has no overlay network. Only a
# restart of that dockerd lets the port go.
restart_if_gossip_kept() {
  local n=$1
  wait_until 3 gossip_released "$n" && return 0
  node_down "$n" >/dev/null
  ensure_cluster_dockerd
  note "restarted n$n's dockerd: it kept the gossip port of a swarm it had left"
}
gossip_released() { [[ -z $(in_node "$1" ss -Hltn 'sport = :7946') ]]; }

# node_down N: node N dies as a machine that lost power does: its dockerd, containerd,
# shims and containers are killed (SIGKILL); its sshd and Caddy stay. For failover tests.
node_down() {
  local n=$1 pids
  [[ $n =~ ^[0-9]+$ ]] && ((n >= 1 && n <= CLUSTER_SIZE)) || die "no cluster node '$n' (1-$CLUSTER_SIZE)"
  pid_of "$(node_run "$n")/dockerd.pid" dockerd >/dev/null || die "node $n's dockerd is not running"
  pids=$(node_processes "$n")
  # shellcheck disable=SC2086 # one pid per word
  kill -KILL $pids 2>/dev/null || true
  local pid
  for pid in $pids; do
    wait_until 10 not alive "$pid" || die "node $n's process $pid did not die"
  done
  echo "rig: node $n is down (killed its dockerd, containerd, shims and containers: $(wc -w <<<"$pids") processes)"
}

# node_up N: node N's dockerd starts again, as after a reboot.
node_up() {
  local n=$1
  [[ $n =~ ^[0-9]+$ ]] && ((n >= 1 && n <= CLUSTER_SIZE)) || die "no cluster node '$n' (1-$CLUSTER_SIZE)"
  take_lock
  CURRENT_STEP=cl-dockerd NOTE=
  ensure_cluster_dockerd
  echo "rig: node $n is up ($NOTE)"
}
