#!/usr/bin/env python3
"""Benchmark scenario 6, the measuring half: flood a parley TUI through a relay and time keystrokes.

Run by scripts/bench-tui.sh, which has already started the relay and the `parley` TUI in a tmux
pane. This script, all on 127.0.0.1 and bounded in time:

  * connects to the relay as a plain line client and sends RATE lines a second for DURATION
    seconds ("flood 000123 ..."), in small batches every few milliseconds, then one last line;
  * meanwhile, PROBES times, types a unique marker into the TUI (`send-keys -l`) and polls
    `capture-pane -p` every 2 ms until the marker shows on the input line, then erases it again
    (Ctrl-U); both through one tmux control-mode client, so a poll costs well under a
    millisecond instead of a process start (first 5 probes with no flood: the floor);
  * samples the client's CPU time (/proc/PID/stat utime+stime) over the flood, and over IDLE
    seconds once the flood has been drawn, and its VmRSS/VmHWM;
  * reports how far behind the screen was when the flood stopped (the newest flood line shown
    against the newest sent) and how long the last line took to show.

It prints a summary and writes the figures as JSON to --json.
"""

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import threading
import time

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    # After the command name: state is fields[0], utime fields[11], stime fields[12].
    return (int(fields[11]) + int(fields[12])) / TICKS


def memory_kib(pid):
    values = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values


def written_bytes(pid):
    """Bytes the process has written (to the terminal, mostly): /proc/PID/io wchar."""
    try:
        with open(f"/proc/{pid}/io") as io:
            for line in io:
                if line.startswith("wchar:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def load_average():
    with open("/proc/loadavg") as loadavg:
        return " ".join(loadavg.read().split()[:3])


class Pane:
    """One tmux pane, driven through a control-mode client (`tmux -C`): a command costs a
    fraction of a millisecond rather than a process start, so polling the screen neither
    loads the machine nor adds its own delay to what is measured."""

    def __init__(self, socket_name, target):
        session = target.split(":", 1)[0]
        self.target = target
        self.control = subprocess.Popen(
            ["tmux", "-L", socket_name, "-f", "/dev/null", "-C", "attach-session", "-f", "no-output", "-t", session],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        # The attach answers with a block of its own: read up to the answer to a marker command.
        self.control.stdin.write(b"display-message -p parley-bench-sync\n")
        self.control.stdin.flush()
        while self.read_block() != ["parley-bench-sync"]:
            pass

    def read_block(self):
        lines = None
        while True:
            raw = self.control.stdout.readline()
            if not raw:
                raise RuntimeError("the tmux control client went away")
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            if line.startswith("%begin"):
                lines = []
            elif lines is not None and (line.startswith("%end") or line.startswith("%error")):
                return lines
            elif lines is not None:
                lines.append(line)

    def run(self, command):
        self.control.stdin.write(command.encode() + b"\n")
        self.control.stdin.flush()
        return self.read_block()

    def capture(self):
        return "\n".join(self.run(f"capture-pane -p -t {self.target}")) + "\n"

    def type(self, text):
        self.run(f"send-keys -t {self.target} -l -- {text}")

    def key(self, name):
        self.run(f"send-keys -t {self.target} {name}")

    def size(self):
        return self.run(f"display-message -p -t {self.target} '#{{pane_width}}x#{{pane_height}}'")[0]

    def close(self):
        self.control.stdin.close()
        self.control.wait(5)


class Flooder(threading.Thread):
    """Sends `rate` lines a second for `duration` seconds as a line client, reading whatever comes back."""

    def __init__(self, port, rate, duration, batch_ms):
        super().__init__(daemon=True)
        self.port, self.rate, self.duration, self.batch = port, rate, duration, batch_ms / 1000
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.sock.sendall(b"/nick flooder\n")
        self.sent = 0
        self.started = None
        self.finished = None
        self.stop_reading = False
        self.reader = threading.Thread(target=self.drain, daemon=True)
        self.reader.start()

    def drain(self):
        self.sock.settimeout(0.2)
        while not self.stop_reading:
            try:
                if not self.sock.recv(65536):
                    return
            except socket.timeout:
                continue
            except OSError:
                return

    def run(self):
        # Lines of different words and lengths, like real chat: a screen of them shares little
        # with the one before, so the terminal gets whole new rows rather than a few digits.
        words = ("relay", "parley", "tmux", "keystroke", "latency", "scrollback", "wrap", "cursor", "frame",
                 "socket", "queue", "render", "glyph", "status", "the", "a", "of", "and", "to", "under", "load")
        texts = [" ".join(words[(i * 7 + j * j * 3 + j) % len(words)] for j in range(3 + i % 9)) for i in range(97)]
        self.started = time.monotonic()
        end = self.started + self.duration
        while True:
            now = time.monotonic()
            if now >= end:
                break
            due = int((now - self.started) * self.rate)
            if due > self.sent:
                lines = "".join(f"flood {n:07d} {texts[n % 97]}\n" for n in range(self.sent + 1, due + 1))
                self.sock.sendall(lines.encode())
                self.sent = due
            time.sleep(self.batch)
        self.sock.sendall(b"flood-end-of-run\n")
        self.finished = time.monotonic()

    def close(self):
        self.stop_reading = True
        self.reader.join(1)
        self.sock.close()


def wait_for(pane, predicate, limit, interval=0.002):
    """Polls the pane until predicate(screen) holds; returns (seconds, screen) or (None, screen)."""
    start = time.monotonic()
    screen = ""
    while time.monotonic() - start < limit:
        screen = pane.capture()
        if predicate(screen):
            return time.monotonic() - start, screen
        time.sleep(interval)
    return None, screen


def probe_keystrokes(pane, count, spacing, tag, keep_going, on_screen=None):
    """Types `count` unique markers, `spacing` seconds apart; returns (latencies in ms, missed).
    `on_screen` is given each screen that showed a marker."""
    latencies = []
    missed = 0
    for i in range(count):
        if not keep_going():
            break
        probe_start = time.monotonic()
        marker = f"kq{tag}{i:02d}z"
        # Timed from before `tmux send-keys` starts, so the figure includes tmux's own delivery.
        typed_at = time.monotonic()
        pane.type(marker)
        seconds, screen = wait_for(pane, lambda s, m=marker: m in s.rstrip("\n").rsplit("\n", 1)[-1], 2.0)
        if seconds is None:
            missed += 1
        else:
            latencies.append((time.monotonic() - typed_at) * 1000)
            if on_screen:
                on_screen(screen)
        pane.key("C-u")
        wait_for(pane, lambda s, m=marker: m not in s, 2.0)
        rest = spacing - (time.monotonic() - probe_start)
        if rest > 0:
            time.sleep(rest)
    return latencies, missed


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--tmux-socket", required=True)
    parser.add_argument("--pane", required=True)
    parser.add_argument("--pid", type=int, required=True, help="the parley client's PID")
    parser.add_argument("--tmux-pid", type=int, help="the tmux server's PID (its CPU is reported too)")
    parser.add_argument("--rate", type=int, default=10000)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--probes", type=int, default=20)
    parser.add_argument("--idle", type=float, default=5)
    parser.add_argument("--batch-ms", type=float, default=5)
    parser.add_argument("--scrolled", action="store_true", help="scroll back (PageUp) before the flood, End after it")
    parser.add_argument("--json")
    args = parser.parse_args()

    pane = Pane(args.tmux_socket, args.pane)
    pid = args.pid
    figures = {"rate": args.rate, "duration_s": args.duration, "load_before": load_average()}
    figures["pane_size"] = pane.size()
    figures["memory_before_kib"] = memory_kib(pid)

    # The same probe with nothing else going on: the floor that tmux and the polling set.
    idle_latencies, _ = probe_keystrokes(pane, 5, 0.1, "i", lambda: True)
    figures["idle_keystroke_ms"] = {"p50": round(statistics.median(idle_latencies), 1) if idle_latencies else None}

    if args.scrolled:
        # Something to scroll back to, then PageUp: the flood only moves the "new messages" marker.
        with socket.create_connection(("127.0.0.1", args.port), timeout=5) as filler:
            filler.sendall(b"/nick filler\n" + b"".join(b"history line %03d\n" % i for i in range(200)))
            wait_for(pane, lambda s: "history line 199" in s, 10)
        pane.key("PPage")
        wait_for(pane, lambda s: "scrolled" in s, 5)
    figures["scrolled"] = args.scrolled

    flooder = Flooder(args.port, args.rate, args.duration, args.batch_ms)
    time.sleep(0.5)  # let the relay take the line client in and announce it
    cpu_start = cpu_seconds(pid)
    tmux_start = cpu_seconds(args.tmux_pid) if args.tmux_pid else 0
    written_start = written_bytes(pid)
    flooder.start()
    wall_start = time.monotonic()

    # Keystroke probes, spread over the flood after its first second.
    time.sleep(min(1.0, args.duration / 4))
    spacing = max((args.duration - 2.0) / max(args.probes, 1), 0.1)
    # With each probe, how far the newest flood line on screen is behind the newest sent.
    lags = []

    def note_lag(screen):
        if args.scrolled:
            return
        shown = [int(n) for n in re.findall(r"flood (\d{7})", screen)]
        if shown:
            lags.append(max(flooder.sent - max(shown), 0))

    latencies, missed = probe_keystrokes(pane, args.probes, spacing, "f", lambda: flooder.is_alive(), note_lag)

    flooder.join(args.duration + 30)
    flood_cpu = cpu_seconds(pid) - cpu_start
    flood_wall = time.monotonic() - wall_start
    tmux_cpu = cpu_seconds(args.tmux_pid) - tmux_start if args.tmux_pid else None
    written = written_bytes(pid) - written_start
    figures["load_during_flood"] = load_average()
    figures["sent"] = flooder.sent
    figures["achieved_rate"] = round(flooder.sent / (flooder.finished - flooder.started))

    if args.scrolled:
        pane.key("End")
    # How far behind was the screen when the flood stopped, and how long until it caught up?
    screen = pane.capture()
    shown = [int(n) for n in re.findall(r"flood (\d{7})", screen)]
    figures["behind_at_end_msgs"] = flooder.sent - max(shown) if shown else None
    caught_up, _ = wait_for(pane, lambda s: "flood-end-of-run" in s, 60, interval=0.005)
    figures["catch_up_ms"] = None if caught_up is None else round(caught_up * 1000, 1)
    catch_cpu_end = cpu_seconds(pid)
    figures["memory_after_flood_kib"] = memory_kib(pid)
    flooder.close()

    figures["keystroke_ms"] = {
        "count": len(latencies),
        "missed": missed,
        "p50": round(statistics.median(latencies), 1) if latencies else None,
        "p90": round(percentile(latencies, 0.9), 1) if latencies else None,
        "max": round(max(latencies), 1) if latencies else None,
        "all": [round(x, 1) for x in latencies],
    }
    figures["lag_during_flood_lines"] = {"p50": statistics.median(lags) if lags else None, "max": max(lags) if lags else None}
    figures["flood_cpu_percent"] = round(100 * flood_cpu / flood_wall, 1)
    figures["flood_cpu_s"] = round(flood_cpu, 2)
    figures["flood_wall_s"] = round(flood_wall, 2)
    figures["tmux_cpu_percent"] = None if tmux_cpu is None else round(100 * tmux_cpu / flood_wall, 1)
    figures["output_kib_per_s"] = round(written / 1024 / flood_wall, 1)
    figures["catch_up_cpu_s"] = round(catch_cpu_end - cpu_start - flood_cpu, 2)

    time.sleep(1.0)
    idle_start = cpu_seconds(pid)
    time.sleep(args.idle)
    idle_cpu = cpu_seconds(pid) - idle_start
    figures["idle_cpu_percent"] = round(100 * idle_cpu / args.idle, 2)
    figures["memory_end_kib"] = memory_kib(pid)
    figures["load_after"] = load_average()

    pane.close()
    k = figures["keystroke_ms"]
    print(f"  load average: before {figures['load_before']}, flood {figures['load_during_flood']}, after {figures['load_after']}")
    print(f"  pane {figures['pane_size']}{', scrolled back during the flood' if args.scrolled else ''}")
    print(f"  flood: {figures['sent']} lines at {figures['achieved_rate']}/s for {args.duration:g} s")
    print(f"  keystroke -> screen with no flood: p50 {figures['idle_keystroke_ms']['p50']} ms (the floor: tmux and polling)")
    print(f"  keystroke -> screen: p50 {k['p50']} ms, p90 {k['p90']} ms, max {k['max']} ms ({k['count']} probes, {missed} missed)")
    print(f"  client CPU under flood: {figures['flood_cpu_percent']} % of a core ({figures['flood_cpu_s']} s in {figures['flood_wall_s']} s)")
    print(f"  terminal output under flood: {figures['output_kib_per_s']} KiB/s; tmux server CPU {figures['tmux_cpu_percent']} %")
    lag = figures["lag_during_flood_lines"]
    if lag["max"] is not None:
        print(f"  screen behind the sender during the flood: p50 {lag['p50']} lines, max {lag['max']} lines")
    print(f"  behind when the flood stopped: {figures['behind_at_end_msgs']} lines; last line shown after {figures['catch_up_ms']} ms")
    print(f"  client CPU idle ({args.idle:g} s): {figures['idle_cpu_percent']} %")
    before, after, end = figures["memory_before_kib"], figures["memory_after_flood_kib"], figures["memory_end_kib"]
    print(f"  client memory: VmRSS {before['VmRSS']} KiB before, {after['VmRSS']} KiB after the flood, "
          f"{end['VmRSS']} KiB at the end; peak VmHWM {end['VmHWM']} KiB")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(figures, out, indent=2)


if __name__ == "__main__":
    main()
