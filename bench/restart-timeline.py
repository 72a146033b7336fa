#!/usr/bin/env python3
"""Vigil's restart cut into steps, from its console log (the last start in it).

restart-timeline.py LOG T_EVENT CHILD_MS FIRST_ADVERT_MS
  T_EVENT: the restart command (epoch s); CHILD_MS: the VRRP child's process start after the restart (ms, or nan);
  FIRST_ADVERT_MS: restart -> first advert on the wire (from the capture)
  -> parent_logging_ms  child_started_ms  child_backup_ms  first_advert_ms  backup_to_advert_ms  (tab separated)
"""
import datetime
import re
import sys


def main(log, t_event, child, first_advert):
    t_event, child, first_advert = float(t_event), float(child), float(first_advert)
    lines = open(log, errors="replace").read().splitlines()
    starts = [i for i, l in enumerate(lines) if "Starting Vigil" in l]
    lines = lines[starts[-1]:] if starts else lines

    def at(pattern):
        for l in lines:
            m = re.match(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) ", l)
            if m and pattern in l:
                t = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f").timestamp()
                return (t - t_event) * 1000
        return float("nan")

    parent = at("Starting Vigil")
    backup = at("Entering BACKUP STATE")
    print(f"{parent:.0f}\t{child:.0f}\t{backup:.0f}\t{first_advert:.0f}\t{first_advert - backup:.0f}")


if __name__ == "__main__":
    main(*sys.argv[1:5])
