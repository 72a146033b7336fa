#!/usr/bin/env python3
"""The soak's client (bench/soak.sh, SoakLabTest): HTTP GETs through each VIP for as long as it runs, every request
logged with its start time, so each failure can be set against the faults injected at that time.

  soak_client.py --out FILE --vip 198.18.4.2 --vip 198.18.4.3 [--pause-ms 20] [--timeout 2]

Per VIP two threads: one opening a connection per request ("close"), one reusing a keep-alive connection and
reconnecting after any failure ("keep"). One line per request: START_MS VIP MODE ok|FAIL:REASON LATENCY_MS.
"""
import argparse
import http.client
import sys
import threading
import time

lock = threading.Lock()


def log(out, start, vip, mode, result, latency):
    with lock:
        out.write("%d %s %s %s %.1f\n" % (start, vip, mode, result, latency))


def worker(out, vip, mode, pause, timeout):
    conn = None
    while True:
        start = time.time()
        try:
            if conn is None:
                conn = http.client.HTTPConnection(vip, 80, timeout=timeout)
            conn.request("GET", "/", headers={"Connection": "close" if mode == "close" else "keep-alive"})
            resp = conn.getresponse()
            body = resp.read()
            result = "ok" if resp.status == 200 and body.startswith(b"rs") else "FAIL:status%d" % resp.status
            if mode == "close" or resp.will_close:
                conn.close()
                conn = None
        except Exception as e:  # any failure is a failed request, named by its kind
            result = "FAIL:" + type(e).__name__
            if conn is not None:
                conn.close()
            conn = None
        log(out, int(start * 1000), vip, mode, result, (time.time() - start) * 1000)
        time.sleep(pause)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--vip", action="append", required=True)
    p.add_argument("--pause-ms", type=float, default=20)
    p.add_argument("--timeout", type=float, default=2)
    a = p.parse_args()
    out = open(a.out, "a", buffering=1)
    for vip in a.vip:
        for mode in ("close", "keep"):
            threading.Thread(target=worker, args=(out, vip, mode, a.pause_ms / 1000, a.timeout), daemon=True).start()
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    sys.exit(main())
