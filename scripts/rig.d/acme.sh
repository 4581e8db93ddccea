# shellcheck shell=bash
# The rig's ACME certificate authority, for tests of certificates the cluster's
# nodes order from a CA with the HTTP-01 challenge. Sourced by scripts/rig,
# after cluster.sh.
#
# Both run in this machine's namespace, bound to the cluster bridge's address
# (10.78.0.1), from Debian's package pebble:
#   - pebble, Let's Encrypt's ACME test server: directory
#     https://10.78.0.1:14000/dir, management https://10.78.0.1:15000. It checks
#     HTTP-01 on port 80 (TLS-ALPN-01 on 443) of the address a name resolves to,
#     and asks only the mock DNS below. It makes a new root each time it starts.
#   - pebble-challtestsrv, a mock DNS server (10.78.0.1:8053) whose records a
#     test sets through its HTTP API (http://10.78.0.1:8055, /add-a, /clear-a).
#     A name nobody added does not resolve.
# pebble's listener needs a certificate: the rig makes a small CA and a
# certificate for 10.78.0.1 once, in acme/ of its state folder. The nodes'
# Caddy trust that CA through SSL_CERT_DIR (ensure_cluster_caddy); this
# machine's trust store is left alone.

ACME_DIR=$STATE/acme
ACME_HOST=$CLUSTER_PREFIX.1
ACME_PORT=14000
ACME_MANAGEMENT_PORT=15000
ACME_DNS_PORT=8053
ACME_DNS_MANAGEMENT_PORT=8055
ACME_DIRECTORY=https://$ACME_HOST:$ACME_PORT/dir
ACME_MANAGEMENT=https://$ACME_HOST:$ACME_MANAGEMENT_PORT
ACME_DNS_MANAGEMENT=http://$ACME_HOST:$ACME_DNS_MANAGEMENT_PORT
ACME_LISTENER_CA=$ACME_DIR/listener-ca.pem
ACME_LISTENER_CA_KEY=$ACME_DIR/listener-ca.key
ACME_LISTENER_CERT=$ACME_DIR/listener.pem
ACME_LISTENER_KEY=$ACME_DIR/listener.key
ACME_CONFIG=$ACME_DIR/pebble-config.json
# A folder with only the listener CA (and its hash link), added to the nodes'
# Caddy's trusted roots: Go reads SSL_CERT_DIR's folders besides its default bundle.
ACME_TRUST=$ACME_DIR/trust
ACME_CERT_DIRS=/etc/ssl/certs:$ACME_TRUST
# The folder name Caddy (certmagic) stores pebble's accounts and certificates
# under: the directory URL's host, port and path.
ACME_ISSUER_KEY=$ACME_HOST-$ACME_PORT-dir
# No waiting between validation attempts; no valid nonce refused (Caddy would retry, slowly).
ACME_ENV=(PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0)
# The kernel keeps 15 characters of a program's name.
ACME_DNS_COMM=pebble-challtes

# The programs' arguments, as they are started; a running one started otherwise is restarted.
ACME_DNS_ARGS=(pebble-challtestsrv
  -management "$ACME_HOST:$ACME_DNS_MANAGEMENT_PORT" -dns01 "$ACME_HOST:$ACME_DNS_PORT"
  -http01 '' -https01 '' -tlsalpn01 '' -defaultIPv4 '' -defaultIPv6 '')
ACME_ARGS=(pebble -config "$ACME_CONFIG" -dnsserver "$ACME_HOST:$ACME_DNS_PORT")

# started_as PID ARG...: the process's command line is exactly these arguments.
started_as() {
  local pid=$1
  shift
  cmp -s <(printf '%s\0' "$@") "/proc/$pid/cmdline"
}

# proc_has_env PID NAME=VALUE: the process was started with that variable.
# (Read whole: grep -q ending a pipe early would fail it under pipefail.)
proc_has_env() {
  local environ
  environ=$(tr '\0' '\n' <"/proc/$1/environ" 2>/dev/null) || return 1
  [[ $'\n'$environ$'\n' == *$'\n'"$2"$'\n'* ]]
}

acme_dns_pid() { pid_of "$RUN/acme-dns.pid" "$ACME_DNS_COMM"; }
acme_pid() { pid_of "$RUN/pebble.pid" pebble; }

# acme_dns_ok: challtestsrv answers on its API (a read: the DNS queries for a name nobody asks) and its DNS port is open.
acme_dns_ok() {
  local pid
  pid=$(acme_dns_pid) && port_owned_by "$ACME_DNS_PORT" "$pid" &&
    curl -fsS -o /dev/null --max-time 2 -d '{"host":"rig-probe.invalid"}' "$ACME_DNS_MANAGEMENT/dns-request-history" 2>/dev/null
}

acme_ok() {
  acme_pid >/dev/null &&
    curl -fsS -o /dev/null --max-time 2 --cacert "$ACME_LISTENER_CA" "$ACME_DIRECTORY" 2>/dev/null &&
    curl -fsS -o /dev/null --max-time 2 --cacert "$ACME_LISTENER_CA" "$ACME_MANAGEMENT/roots/0" 2>/dev/null
}

# acme_ca_fingerprint: the SHA-256 of the listener's CA, which the nodes' Caddy were started to trust (empty before it exists).
acme_ca_fingerprint() {
  [[ -s $ACME_LISTENER_CA ]] || return 0
  openssl x509 -noout -fingerprint -sha256 -in "$ACME_LISTENER_CA" | cut -d= -f2 | tr -d :
}

# ensure_acme_certs: the listener's CA (once) and its certificate for 10.78.0.1
# (again when missing, not from this CA, or within 30 days of its end).
# ACME_CERT_MADE=1 when the listener certificate was made anew.
ensure_acme_certs() {
  ACME_CERT_MADE=
  install -d -m 0755 "$ACME_DIR" "$ACME_TRUST"
  if [[ ! -s $ACME_LISTENER_CA || ! -s $ACME_LISTENER_CA_KEY ]]; then
    rm -f "$ACME_LISTENER_CA" "$ACME_LISTENER_CA_KEY" "$ACME_LISTENER_CERT" "$ACME_LISTENER_KEY"
    (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$ACME_LISTENER_CA_KEY" 2>/dev/null)
    openssl req -x509 -new -key "$ACME_LISTENER_CA_KEY" -days 3650 -subj "/CN=Homeport rig ACME listener CA" \
      -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -out "$ACME_LISTENER_CA" 2>/dev/null || die "openssl could not make the ACME listener's CA"
    chmod 0644 "$ACME_LISTENER_CA"
  fi
  if [[ ! -s $ACME_LISTENER_CERT || ! -s $ACME_LISTENER_KEY ]] ||
    ! openssl verify -CAfile "$ACME_LISTENER_CA" "$ACME_LISTENER_CERT" >/dev/null 2>&1 ||
    ! openssl x509 -checkend $((30 * 86400)) -noout -in "$ACME_LISTENER_CERT" >/dev/null; then
    (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$ACME_LISTENER_KEY" 2>/dev/null)
    openssl req -new -key "$ACME_LISTENER_KEY" -subj "/CN=$ACME_HOST" 2>/dev/null |
      openssl x509 -req -CA "$ACME_LISTENER_CA" -CAkey "$ACME_LISTENER_CA_KEY" -set_serial "0x$(openssl rand -hex 16)" \
        -days 825 -out "$ACME_LISTENER_CERT" -extfile <(printf '%s\n' \
          "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
          "extendedKeyUsage=serverAuth" "subjectAltName=IP:$ACME_HOST") 2>/dev/null ||
      die "openssl could not make the ACME listener's certificate"
    chmod 0644 "$ACME_LISTENER_CERT"
    ACME_CERT_MADE=1
  fi
  # The folder the nodes' Caddy read as SSL_CERT_DIR: the CA and the hash link OpenSSL looks up.
  if put_file "$ACME_TRUST/homeport-rig-acme-listener-ca.pem" 0644 <"$ACME_LISTENER_CA" ||
    [[ -z $(find "$ACME_TRUST" -maxdepth 1 -type l) ]]; then
    openssl rehash "$ACME_TRUST" >/dev/null 2>&1 || die "openssl rehash $ACME_TRUST failed"
  fi
}

acme_config() {
  cat <<EOF
{
  "pebble": {
    "listenAddress": "$ACME_HOST:$ACME_PORT",
    "managementListenAddress": "$ACME_HOST:$ACME_MANAGEMENT_PORT",
    "certificate": "$ACME_LISTENER_CERT",
    "privateKey": "$ACME_LISTENER_KEY",
    "httpPort": 80,
    "tlsPort": 443,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false
  }
}
EOF
}

# acme_port_free PORT: die when another process listens on the port.
acme_port_free() {
  ! port_busy "$1" || die "port $1 is held by another process: $(port_user "$1")"
}

# start_acme_dns: challtestsrv, with no record: names resolve once a test adds them.
start_acme_dns() {
  acme_port_free "$ACME_DNS_MANAGEMENT_PORT"
  acme_port_free "$ACME_DNS_PORT"
  spawn "$LOGS/pebble-challtestsrv.log" "${ACME_DNS_ARGS[@]}"
  echo $! >"$RUN/acme-dns.pid"
  wait_until 10 acme_dns_ok || die_log "pebble-challtestsrv did not answer on $ACME_DNS_MANAGEMENT" "$LOGS/pebble-challtestsrv.log"
}

# start_acme: pebble. Its state lives in memory only, so the accounts and
# certificates the nodes' Caddy keep from an earlier pebble are void: they go first.
start_acme() {
  acme_port_free "$ACME_PORT"
  acme_port_free "$ACME_MANAGEMENT_PORT"
  remove_acme_storage accounts
  spawn "$LOGS/pebble.log" env "${ACME_ENV[@]}" "${ACME_ARGS[@]}"
  echo $! >"$RUN/pebble.pid"
  wait_until 15 acme_ok || die_log "pebble did not answer on $ACME_DIRECTORY" "$LOGS/pebble.log"
}

# acme_dns_current PID / acme_current PID: the running process was started as the rig starts it now.
acme_dns_current() { started_as "$1" "${ACME_DNS_ARGS[@]}"; }
acme_current() {
  local var
  started_as "$1" "${ACME_ARGS[@]}" || return 1
  for var in "${ACME_ENV[@]}"; do proc_has_env "$1" "$var" || return 1; done
}

ensure_acme() {
  local pid changed=
  [[ $(ip -4 -o addr show dev "$CLUSTER_BRIDGE" 2>/dev/null) == *" $ACME_HOST/"* ]] || die "the cluster bridge $CLUSTER_BRIDGE has no $ACME_HOST"
  ensure_acme_certs
  [[ -z $ACME_CERT_MADE ]] || { changed=1; note "listener certificate made"; }
  acme_config | put_file "$ACME_CONFIG" 0644 && changed=1

  if pid=$(acme_dns_pid) && ! acme_dns_current "$pid"; then
    stop_pidfile "$RUN/acme-dns.pid" "$ACME_DNS_COMM" || true
    note "dns: arguments changed, restarting"
  fi
  if pid=$(acme_dns_pid); then
    wait_until 10 acme_dns_ok || die_log "pebble-challtestsrv (pid $pid) does not answer on $ACME_DNS_MANAGEMENT" "$LOGS/pebble-challtestsrv.log"
    note "dns running (pid $pid)"
  else
    start_acme_dns
    note "dns started (pid $(acme_dns_pid))"
  fi

  if pid=$(acme_pid) && { [[ -n $changed ]] || ! acme_current "$pid"; }; then
    stop_pidfile "$RUN/pebble.pid" pebble || true
    note "pebble: config changed, restarting"
  fi
  if pid=$(acme_pid); then
    wait_until 15 acme_ok || die_log "pebble (pid $pid) does not answer on $ACME_DIRECTORY" "$LOGS/pebble.log"
    note "pebble running (pid $pid)"
  else
    start_acme
    note "pebble started (pid $(acme_pid))"
  fi
}

acme_properties() {
  echo "acme.directory=$ACME_DIRECTORY"
  echo "acme.management=$ACME_MANAGEMENT"
  echo "acme.dns.management=$ACME_DNS_MANAGEMENT"
  echo "acme.listener.ca=$ACME_LISTENER_CA"
  local n
  for n in $(node_numbers); do
    echo "acme.n$n.certificates=$(node_acme_storage "$n" certificates)"
  done
}

acme_status() {
  local failed=0
  if acme_dns_ok; then printf '%-10s ok\n' acme-dns; else printf '%-10s down\n' acme-dns; failed=1; fi
  if acme_ok; then printf '%-10s ok\n' acme; else printf '%-10s down\n' acme; failed=1; fi
  return "$failed"
}

# node_acme_storage N KIND: where node N's Caddy keeps pebble's accounts or certificates.
node_acme_storage() {
  case $2 in
    accounts) echo "$(node_state "$1")/caddy/data/caddy/acme/$ACME_ISSUER_KEY" ;;
    certificates) echo "$(node_state "$1")/caddy/data/caddy/certificates/$ACME_ISSUER_KEY" ;;
  esac
}

# remove_acme_storage [accounts]: the certificates pebble issued to the nodes'
# Caddy (and, with accounts, the ACME accounts they hold with it) leave their
# storage. The rest of it stays (pki/: the nodes' internal CA).
remove_acme_storage() {
  local n
  for n in $(node_numbers); do
    rm -rf --one-file-system "$(node_acme_storage "$n" certificates)"
    [[ ${1:-} != accounts ]] || rm -rf --one-file-system "$(node_acme_storage "$n" accounts)"
  done
}

# acme_leftovers: certificates pebble issued that a node's Caddy still keeps, one line each.
acme_leftovers() {
  local n folder
  for n in $(node_numbers); do
    for folder in "$(node_acme_storage "$n" certificates)"/*/; do
      [[ -d $folder ]] && echo "n$n: ACME certificate $(basename "$folder") (pebble's, in its Caddy's storage)"
    done
  done
  return 0
}

# reset_acme: no DNS record and no certificate of pebble's on the nodes, from a
# new pebble (a new root, no account): as on a new machine.
reset_acme() {
  stop_pidfile "$RUN/acme-dns.pid" "$ACME_DNS_COMM" || true
  stop_pidfile "$RUN/pebble.pid" pebble || true
  start_acme_dns
  start_acme
  note "pebble and its DNS restarted, their certificates and accounts removed from the nodes"
}

stop_acme() {
  local stopped=()
  stop_pidfile "$RUN/pebble.pid" pebble && stopped+=(pebble)
  stop_pidfile "$RUN/acme-dns.pid" "$ACME_DNS_COMM" && stopped+=(pebble-challtestsrv)
  ((${#stopped[@]})) && note "stopped ${stopped[*]}" || note "not running"
}
