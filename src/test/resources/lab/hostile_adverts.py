#!/usr/bin/env python3
"""Hostile VRRP adverts for the lab (issue #12): each breaks one receive check of RFC 3768 / RFC 5798 section 7.1.

Run inside an attacker namespace. Sends to 224.0.0.18 through a raw IPPROTO_RAW socket (the IP header is ours, so
the TTL and the protocol are too; the kernel fills in the total length and header checksum). Prints one line:
"sent N" (the datagrams the kernel accepted).

  hostile_adverts.py --version 2 --vrid 51 --vip 198.18.0.100 --src 198.18.0.66 --password secret --interval-centis 100 \
      --kind ttl --count 20 --rate 200
  --kind mix --rate 10000 --seconds 5       the flood: every kind in turn, paced in 1 ms slices
"""
import argparse
import socket
import struct
import sys
import time

GROUP = "224.0.0.18"


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def vrrp(a, *, version=None, vtype=1, vrid=None, prio=100, count=None, addrs=None, auth_type=None, interval=None,
         password=None, bad_checksum=False, v3_checksum_without_pseudo=False, dst=GROUP):
    version = a.version if version is None else version
    vrid = a.vrid if vrid is None else vrid
    addrs = [a.vip] if addrs is None else addrs
    count = len(addrs) if count is None else count
    body = b"".join(socket.inet_aton(x) for x in addrs)
    if version == 2:
        auth_type = (1 if a.password else 0) if auth_type is None else auth_type
        interval = a.interval_centis // 100 if interval is None else interval
        pw = (a.password if password is None else password).encode()[:8].ljust(8, b"\0")
        head = struct.pack("!BBBBBBH", (version << 4) | vtype, vrid, prio, count, auth_type, interval, 0)
        msg = head + body + pw
        c = csum(msg)
    else:
        interval = a.interval_centis if interval is None else interval
        head = struct.pack("!BBBBHH", (version << 4) | vtype, vrid, prio, count, interval & 0x0FFF, 0)
        msg = head + body
        pseudo = socket.inet_aton(a.src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 112, len(msg))
        c = csum(msg) if v3_checksum_without_pseudo else csum(pseudo + msg)
    if bad_checksum:
        c ^= 0x5A5A
    return msg[:6] + struct.pack("!H", c) + msg[8:]


def ip(a, payload, ttl=255, dst=GROUP):
    # version/IHL, TOS, total length (kernel fills), id, frag, TTL, proto 112, checksum (kernel fills), src, dst
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0xC0, 0, 0, 0, ttl, 112, 0, socket.inet_aton(a.src), socket.inet_aton(dst)) + payload


def kinds(a):
    """Kind -> datagram. Each breaks exactly one check; the names are the DropReason each must be counted under."""
    other = "198.18.0.101"
    k = {
        "TTL": ip(a, vrrp(a), ttl=64),
        "VERSION": ip(a, vrrp(a, version=3 if a.version == 2 else 2)),
        "TYPE": ip(a, vrrp(a, vtype=2)),
        "CHECKSUM": ip(a, vrrp(a, bad_checksum=True)),
        "VRID": ip(a, vrrp(a, vrid=(a.vrid % 255) + 1)),
        "ADDRESS_LIST": ip(a, vrrp(a, addrs=[other])),
        "ADDRESS_COUNT": ip(a, vrrp(a, addrs=[a.vip, other])),
        "LENGTH": ip(a, vrrp(a, count=3)),
        "TOO_SHORT": ip(a, vrrp(a)[:6]),
    }
    if a.version == 2:
        k["AUTH_TYPE"] = ip(a, vrrp(a, auth_type=0 if a.password else 1))
        k["AUTH_TYPE_UNKNOWN"] = ip(a, vrrp(a, auth_type=7))
        if a.password:
            k["AUTH_PASSWORD"] = ip(a, vrrp(a, password="guessed"))
        k["INTERVAL"] = ip(a, vrrp(a, interval=a.interval_centis // 100 + 1))
    else:
        k["CHECKSUM_NO_PSEUDO_HEADER"] = ip(a, vrrp(a, v3_checksum_without_pseudo=True))
    return k


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--version", type=int, required=True)
    p.add_argument("--vrid", type=int, required=True)
    p.add_argument("--vip", required=True)
    p.add_argument("--src", required=True)
    p.add_argument("--password", default="")
    p.add_argument("--interval-centis", type=int, required=True)
    p.add_argument("--kind", required=True)
    p.add_argument("--count", type=int, default=0)
    p.add_argument("--rate", type=int, default=200)
    p.add_argument("--seconds", type=float, default=0)
    p.add_argument("--list", action="store_true")
    a = p.parse_args()
    table = kinds(a)
    if a.list:
        print(" ".join(table))
        return
    frames = list(table.values()) if a.kind == "mix" else [table[a.kind]]
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    total = a.count if a.count else int(a.rate * a.seconds)
    per_slice = max(1, a.rate // 1000)  # 1 ms slices
    sent = failed = 0
    start = time.monotonic()
    while sent + failed < total:
        for _ in range(min(per_slice, total - sent - failed)):
            try:
                s.sendto(frames[(sent + failed) % len(frames)], (GROUP, 0))
                sent += 1
            except OSError:
                failed += 1
        due = start + (sent + failed) / a.rate
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    print("sent %d failed %d in %.3f s" % (sent, failed, time.monotonic() - start))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
