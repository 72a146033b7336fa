#!/usr/bin/env bash
# Captures real keepalived adverts (tcpdump -tt -e -v -xx), one file per variant:
# - src/test/resources/io/vigil/vrrp/wire/multicast/: IPv4 multicast v2 (no auth, with its GARPs and the priority-0
#   advert on stop), v2 PASS, v3 at 1 s and at 0.1 s (golden vectors for VrrpCodecGoldenTest and VrrpInstanceTest);
# - src/test/resources/io/vigil/vrrp/wire/: AH multicast and unicast, IPv6 multicast and unicast, v3 IPv4 unicast,
#   v2 PASS with two unicast peers (golden vectors for VrrpWireVariantsTest).
# Usage: bench/vrrp-capture-keepalived.sh [variant...]   (no argument: every variant)
# Needs root, iproute2, keepalived, tcpdump. Builds its own namespaces (random prefix) and deletes them.
set -euo pipefail
cd "$(dirname "$0")/.."
wanted=" $* "
mkdir -p src/test/resources/io/vigil/vrrp/wire/multicast
p="vc$RANDOM"
k=${p}k; c=${p}c
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; done
  ip netns del "$k" 2>/dev/null || true; ip netns del "$c" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$k"; ip netns add "$c"
ip link add ${p}a netns "$k" type veth peer name ${p}b netns "$c"
ip netns exec "$k" sh -c "ip link set lo up; ip link set ${p}a name eth0; ip link set eth0 address 02:6b:6c:00:00:0b; ip link set eth0 up;
  ip addr add 198.18.0.11/24 dev eth0; ip addr add 2001:2::11/64 dev eth0 nodad"
ip netns exec "$c" sh -c "ip link set lo up; ip link set ${p}b name eth0; ip link set eth0 up;
  ip addr add 198.18.0.12/24 dev eth0; ip addr add 198.18.0.13/24 dev eth0; ip addr add 2001:2::12/64 dev eth0 nodad"
sleep 1.5  # link-local address (DAD) on the veth

capture() {  # name, instance body, [seconds keepalived runs (default 6)], [output folder], [extra tcpdump filter]
  local name=$1 body=$2 seconds=${3:-6} out=${4:-src/test/resources/io/vigil/vrrp/wire} extra=${5:-}
  [ "$wanted" = "  " ] || [[ "$wanted" == *" $name "* ]] || return 0
  cat > "$work/$name.conf" <<CONF
global_defs {
  router_id cap
  script_user root
  enable_script_security
}
vrrp_instance VI_1 {
  interface eth0
  virtual_router_id 51
  priority 100
  advert_int 1
  state MASTER
$body
}
CONF
  ip netns exec "$c" tcpdump -i eth0 -nn -tt -e -v -xx -U --immediate-mode "ip proto 112 or ip proto 51 or ip6 proto 112$extra" > "$work/$name.txt" 2>/dev/null &
  local td=$!; pids+=("$td")
  sleep 0.5
  ip netns exec "$k" keepalived -n -l -D -G -f "$work/$name.conf" -p "$work/$name.pid" -r "$work/$name.vrrp.pid" -c "$work/$name.chk.pid" > "$work/$name.log" 2>&1 &
  local kd=$!; pids+=("$kd")
  sleep "$seconds"
  kill -TERM "$kd"; wait "$kd" 2>/dev/null || true
  sleep 0.5
  kill -INT "$td"; wait "$td" 2>/dev/null || true
  cp "$work/$name.txt" "$out/$name.txt"
  if [ -n "${DEBUG:-}" ]; then cat "$work/$name.log"; fi  # DEBUG=1: keepalived's log of each run
  echo "$name: $(grep -c VRRP "$out/$name.txt" || true) adverts; $(grep -c 'Entering MASTER' "$work/$name.log" || true) MASTER"
}

# Multicast IPv4. keepalived starts in BACKUP whatever its state, so it is MASTER after the master-down interval
# (3.61 s at advert_int 1 and priority 100): 4.9 s is two adverts (ids 1 and 2) and the priority-0 advert (id 3).
multicast=src/test/resources/io/vigil/vrrp/wire/multicast
capture capture-v2 '  virtual_ipaddress {
    198.18.0.100
  }' 4.9 "$multicast" ' or arp'
capture capture-v2auth '  authentication {
    auth_type PASS
    auth_pass secret12
  }
  virtual_ipaddress {
    198.18.0.100
  }' 4.2 "$multicast"
capture capture-v3-1s '  version 3
  virtual_ipaddress {
    198.18.0.100
  }' 4.2 "$multicast"
capture capture-v3 '  version 3
  advert_int 0.1
  virtual_ipaddress {
    198.18.0.100
  }' 0.6 "$multicast"

capture v2-ah-multicast '  authentication {
    auth_type AH
    auth_pass secret
  }
  virtual_ipaddress {
    198.18.0.100
  }'
capture v2-ah-unicast '  authentication {
    auth_type AH
    auth_pass secret
  }
  unicast_src_ip 198.18.0.11
  unicast_peer {
    198.18.0.12
  }
  virtual_ipaddress {
    198.18.0.100
  }'
capture v2-pass-unicast-2peers '  authentication {
    auth_type PASS
    auth_pass secret12
  }
  unicast_src_ip 198.18.0.11
  unicast_peer {
    198.18.0.12
    198.18.0.13
  }
  virtual_ipaddress {
    198.18.0.100
    198.18.0.101
  }'
capture v3-unicast '  version 3
  unicast_src_ip 198.18.0.11
  unicast_peer {
    198.18.0.12
  }
  virtual_ipaddress {
    198.18.0.100
  }'
capture v3-ipv6-multicast '  version 3
  virtual_ipaddress {
    2001:2::100/128
  }'
capture v3-ipv6-unicast '  version 3
  unicast_src_ip 2001:2::11
  unicast_peer {
    2001:2::12
  }
  virtual_ipaddress {
    2001:2::100/128
  }'
