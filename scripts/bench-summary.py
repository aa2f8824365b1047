#!/usr/bin/env python3
"""Summarises the JSON lines written by scripts/bench.sh: one row per scenario, relay and variant,
with the median over repetitions of each figure (and the spread of deliveries per second)."""
import json
import statistics
import sys


def median(rows, key):
    values = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(values) if values else None


def fmt(value, digits=0, scale=1.0, suffix=""):
    if value is None:
        return "-"
    return f"{value * scale:,.{digits}f}{suffix}"


def main(path):
    rows = [json.loads(line) for line in open(path) if line.strip()]
    groups = {}
    for row in rows:
        groups.setdefault((row["scenario"], row["variant"], row["relay"]), []).append(row)

    if not any(not g[0]["idle"] for g in groups.values()):
        print_idle(groups)
        return
    print()
    print(f"{'#':<4} {'relay':<7} {'mode':<9} {'n':>2} {'deliveries/s':>13} {'(min-max)':>19} {'lost':>7} "
          f"{'mangled':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'µs CPU/del':>10} {'RSS MiB':>8}")
    for (scenario, variant, relay), group in sorted(groups.items()):
        if group[0]["idle"]:
            continue
        rates = [r["deliveriesPerSecond"] for r in group]
        spread = f"({min(rates):,.0f}-{max(rates):,.0f})" if len(rates) > 1 else ""
        print(f"{scenario:<4} {relay:<7} {variant:<9} {len(group):>2} {fmt(median(group, 'deliveriesPerSecond')):>13} "
              f"{spread:>19} {fmt(median(group, 'lost')):>7} {fmt(median(group, 'mangled')):>8} "
              f"{fmt(median(group, 'latencyP50'), 3):>8} {fmt(median(group, 'latencyP99'), 3):>8} "
              f"{fmt(median(group, 'latencyMax'), 1):>8} {fmt(median(group, 'relayCPUMicrosecondsPerDelivery'), 2):>10} "
              f"{fmt(median(group, 'relayPeakRSSBytes'), 1, 1 / 1048576):>8}")

    acks = [(k, g) for k, g in sorted(groups.items()) if median(g, "acknowledgementP50") is not None]
    if acks:
        print()
        print("Time from SUBMIT to the sender's own echo (its ✓), Parley modes (median over repetitions):")
        print(f"  {'#':<4} {'relay':<7} {'mode':<9} {'messages/s':>11} {'✓ p50 ms':>9} {'✓ p99 ms':>9}")
        for (scenario, variant, relay), group in acks:
            # Messages stored per second: what was delivered, over the receivers of each message.
            per_message = group[0]["clients"] // max(1, group[0].get("rooms") or 1)
            rate = median(group, "deliveriesPerSecond")
            messages = rate / per_message if rate is not None and per_message else None
            print(f"  {scenario:<4} {relay:<7} {variant:<9} {fmt(messages):>11} "
                  f"{fmt(median(group, 'acknowledgementP50'), 3):>9} {fmt(median(group, 'acknowledgementP99'), 3):>9}")

    print_idle(groups)


def print_idle(groups):
    idle = [(k, g) for k, g in sorted(groups.items()) if g[0]["idle"]]
    if idle:
        print()
        print(f"{'#':<4} {'relay':<7} {'mode':<9} {'n':>2} {'clients':>8} {'joined':>8} {'seconds':>8} "
              f"{'RSS MiB':>8} {'KiB/conn':>9}  first failure")
        for (scenario, variant, relay), group in idle:
            failure = next((r.get("firstFailure") for r in group if r.get("firstFailure")), "") or ""
            print(f"{scenario:<4} {relay:<7} {variant:<9} {len(group):>2} {group[0]['clients']:>8} "
                  f"{fmt(median(group, 'joined')):>8} {fmt(median(group, 'joinSeconds'), 2):>8} "
                  f"{fmt(median(group, 'relayRSSBytes'), 1, 1 / 1048576):>8} "
                  f"{fmt(median(group, 'relayRSSBytesPerConnection'), 2, 1 / 1024):>9}  {failure[:60]}")

    udp = [(k, g) for k, g in sorted(groups.items()) if g[0].get("udpRelaySocketDrops") is not None]
    if udp:
        print()
        print("UDP datagrams dropped by the kernel for full socket buffers (median): relay socket / client sockets")
        for (scenario, variant, relay), group in udp:
            print(f"  {scenario:<4} {relay:<7} {variant:<9} {fmt(median(group, 'udpRelaySocketDrops'))} / "
                  f"{fmt(median(group, 'udpClientSocketDrops'))}")


if __name__ == "__main__":
    main(sys.argv[1])
