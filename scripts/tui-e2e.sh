#!/usr/bin/env bash
# End-to-end check of the full-screen client in real terminals (tmux panes).
#
# Starts parley-relay on 127.0.0.1 (a free port it picks itself) and three `parley` TUIs in
# tmux, then checks, by reading the panes with `tmux capture-pane`:
#   1. both clients connect and show the status bar and the input line;
#   2. ASCII and Chinese text typed in one appears in the other, with a delivery mark;
#   3. a bracketed paste of several lines goes out as one message;
#   4. the screen reflows after resizing the window (60x16, 30x8, the minimum 20x5, back);
#   5. PageUp scrolls back, a "new messages" marker shows while scrolled, End returns;
#   6. a message carrying escape sequences (sent by a raw line client) shows harmlessly;
#   7. a mention of a nick rings that client's bell;
#   8. a message the relay refuses (too fast) shows a short reason after its ✗;
#   9. a client asks the terminal for mouse reports (tmux's mouse_any_flag), so the wheel
#      scrolls; with --no-mouse it does not, and the mouse selects text;
#  9b. rooms: a client joins two rooms (the window list shows them, the last one on screen), a
#      message arrives in the background one (its activity shows in the window list), Alt-A goes
#      there, where an unread marker sits after the last line seen; Alt-Left/Right and Alt-1
#      switch windows, each with its own lines;
#  10. Ctrl-Z in a client started from an interactive shell gives the shell its prompt back
#      (normal screen, mouse reporting off, stty shows icanon and echo); `fg` brings the chat
#      back, redrawn whole at the size the window was given meanwhile, with the message another
#      client sent while it was stopped, and typing works again;
#  11. /quit, SIGTERM, Ctrl-C, and Ctrl-C twice after the relay is lost, each exit and leave
#      the terminal restored (stty shows icanon, echo, isig, icrnl; the pane is out of the
#      alternate screen); a lost relay shows "reconnecting in Ns".
#
# Bounded in time (a watchdog ends the run after 180 s), on its own tmux socket, killing only
# what it started (its tmux server, the relay and the line client by PID).
#
# Usage: scripts/tui-e2e.sh            (binaries from `swift build --show-bin-path`)
#        PARLEY_BIN_DIR=.build/debug scripts/tui-e2e.sh
#        PARLEY_E2E_TERM=tmux-256color scripts/tui-e2e.sh   (default TERM: xterm-256color)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN_DIR=${PARLEY_BIN_DIR:-$(swift build --show-bin-path 2>/dev/null)}
PARLEY="$BIN_DIR/parley"
RELAY="$BIN_DIR/parley-relay"
for binary in "$PARLEY" "$RELAY"; do
    [[ -x $binary ]] || { echo "tui-e2e: $binary is missing; run swift build first" >&2; exit 2; }
done
command -v tmux >/dev/null || { echo "tui-e2e: tmux is not installed" >&2; exit 2; }
command -v python3 >/dev/null || { echo "tui-e2e: python3 is not installed" >&2; exit 2; }

SOCKET="parley-e2e-$$"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/parley-e2e.XXXXXX")
FAILURES=0
export LANG=C.UTF-8 LC_ALL=C.UTF-8
NAME=tui-e2e
# shellcheck source=scripts/tmux-harness.sh
source scripts/tmux-harness.sh
start_watchdog 180

pass() { echo "  ok    $*"; }
fail() {
    echo "  FAIL  $*" >&2
    FAILURES=$((FAILURES + 1))
}

screen() { tm capture-pane -p -t "$1"; }

# wait_for WINDOW TEXT [SECONDS]: until the pane shows TEXT (a fixed string).
wait_for() {
    local window=$1 text=$2 limit=${3:-10}
    local deadline=$((SECONDS + limit))
    while ((SECONDS < deadline)); do
        if screen "$window" | grep -qF -- "$text"; then return 0; fi
        sleep 0.1
    done
    return 1
}

# wait_gone WINDOW TEXT [SECONDS]: until the pane no longer shows TEXT.
wait_gone() {
    local window=$1 text=$2 limit=${3:-10}
    local deadline=$((SECONDS + limit))
    while ((SECONDS < deadline)); do
        if ! screen "$window" | grep -qF -- "$text"; then return 0; fi
        sleep 0.1
    done
    return 1
}

# check NAME WINDOW TEXT: pass if the pane shows TEXT in time, else fail and show the pane.
check() {
    local name=$1 window=$2 text=$3
    if wait_for "$window" "$text"; then
        pass "$name"
    else
        fail "$name: \"$text\" not shown in $window"
        screen "$window" | sed 's/^/        | /' >&2
    fi
}

type_line() { tm send-keys -t "$1" -l -- "$2"; tm send-keys -t "$1" Enter; }

# The client's PID in a window: the child of the pane's shell (read from /proc, no procps).
client_pid() {
    python3 - "$(tm display -p -t "$1" '#{pane_pid}')" <<'PY'
import os, sys
parent = sys.argv[1]
for entry in os.listdir("/proc"):
    if entry.isdigit():
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == parent:
            print(entry)
            break
PY
}

# After the client exits, the pane's shell prints its exit status, saves `stty -a` and the
# terminal size, then waits to be inspected.
start_client() {
    local window=$1 nick=$2 port=${3:-$PORT} extra=${4:-}
    local command="env TERM=${PARLEY_E2E_TERM:-xterm-256color} '$PARLEY' 127.0.0.1:$port --nick $nick $extra; \
echo EXIT=\$?; stty -a > '$WORK/$nick.stty'; echo RESTORED; sleep 300"
    if [[ $window == alice ]]; then
        tm new-session -d -s e2e -n "$window" -x 80 -y 24 -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 "$command"
    else
        tm new-window -d -t e2e -n "$window" -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 "$command"
        tm resize-window -t "e2e:$window" -x 80 -y 24
    fi
}

# start_shell WINDOW: an interactive bash (job control on) in a new window; its prompt is "WINDOW$ ".
start_shell() {
    local window=$1
    tm new-window -d -t e2e -n "$window" -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 \
        "env PS1='$window\$ ' bash --norc --noprofile -i"
    tm resize-window -t "e2e:$window" -x 80 -y 24
}

# pane_flag WINDOW FORMAT: a tmux format variable of the window's pane (e.g. #{alternate_on}).
pane_flag() { tm display -p -t "$1" "$2"; }

# wait_flag WINDOW FORMAT VALUE [SECONDS]: until the format variable has VALUE.
wait_flag() {
    local window=$1 format=$2 value=$3 limit=${4:-10}
    local deadline=$((SECONDS + limit))
    while ((SECONDS < deadline)); do
        [[ $(pane_flag "$window" "$format") == "$value" ]] && return 0
        sleep 0.1
    done
    return 1
}

# terminal_restored NICK WINDOW: the pane left the alternate screen and stty shows sane modes.
terminal_restored() {
    local nick=$1 window=$2
    if ! wait_for "$window" "RESTORED" 10; then
        fail "$nick: the shell did not get the terminal back"
        screen "$window" | sed 's/^/        | /' >&2
        return
    fi
    local modes alternate
    modes=$(tr '\n' ' ' < "$WORK/$nick.stty")
    alternate=$(tm display -p -t "$window" '#{alternate_on}')
    if [[ " $modes " == *" icanon "* && " $modes " == *" echo "* && " $modes " == *" isig "* \
        && " $modes " == *" icrnl "* && $alternate == 0 ]]; then
        pass "$nick: terminal restored (icanon echo isig icrnl, normal screen)"
    else
        fail "$nick: terminal not restored (alternate_on=$alternate; stty: $modes)"
    fi
}

echo "== parley TUI end to end (tmux -L $SOCKET)"

start_relay RELAY_PID PORT relay --rate 0
echo "  relay on 127.0.0.1:$PORT (pid $RELAY_PID)"

start_client alice alice
start_client bob bob

# 1. Connected, with the status bar and the prompt.
check "alice connects" alice "alice @ 127.0.0.1:$PORT │ TCP │ connected"
check "bob connects" bob "bob @ 127.0.0.1:$PORT │ TCP │ connected"
check "bob sees two here" bob "2 here"
check "the window list shows the lobby on screen" bob "│ [1:#lobby]"
if [[ $(screen bob | tail -n 1) == ">"* ]]; then pass "input line at the bottom"; else fail "no prompt on the last row"; fi

# 2. Text typed in one appears in the other.
type_line alice "hello from alice"
check "bob sees alice's ASCII message" bob "<alice> hello from alice"
check "alice's message is marked delivered" alice "<alice> hello from alice ✓"
type_line alice "你好，世界！中文消息"
check "bob sees alice's Chinese message" bob "<alice> 你好，世界！中文消息"
type_line bob "收到 👍 한국어 かな"
check "alice sees bob's CJK and emoji" alice "<bob> 收到 👍 한국어 かな"
tm send-keys -t bob -l "bob: typing 中文 then erasing"
tm send-keys -t bob C-w C-w BSpace Home C-k
type_line bob "edited"
check "editing keys work (C-w, BSpace, Home, C-k)" alice "<bob> edited"

# 3. A bracketed paste of three lines is one message.
tm set-buffer -b e2e "pasted line one
pasted line two
pasted line three"
tm paste-buffer -p -d -b e2e -t alice
check "bracketed paste arrives as one message" bob "<alice> pasted line one"
check "its later lines hang under the text" bob "              pasted line three"

# 4. Resize: reflow at several sizes, down to the minimum.
long="a long line that must wrap when the window gets narrow: 这是一条需要折行的中文消息"
type_line alice "$long"
check "bob sees the long line" bob "<alice> a long line that must wrap"
for size in 60x16 30x8 20x5 80x24; do
    tm resize-window -t e2e:bob -x "${size%x*}" -y "${size#*x}"
    sleep 0.5
    rows=$(screen bob)
    count=$(printf '%s\n' "$rows" | wc -l)
    last=$(printf '%s\n' "$rows" | tail -n 1)
    status=$(printf '%s\n' "$rows" | tail -n 2 | head -n 1)
    if [[ $count -eq ${size#*x} && $last == ">"* && $status == *connected* ]]; then
        pass "bob at $size: status bar and prompt in place"
    else
        fail "bob at $size: layout wrong"
        printf '%s\n' "$rows" | sed 's/^/        | /' >&2
    fi
done
check "the long line reflows back at 80 columns" bob "narrow: 这是一条需"
check "with a hanging indent" bob "              要折行的中文消息"

# 5. Scrollback: fill the screen, PageUp, a marker for new lines, End.
python3 - "$PORT" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"/nick filler\n")
time.sleep(0.2)
s.sendall(b"".join(b"scroll line %02d\n" % i for i in range(1, 41)))
time.sleep(0.5)
s.close()
PY
check "bob receives the burst" bob "scroll line 40"
tm send-keys -t bob PPage
check "PageUp scrolls back" bob "scrolled ↑"
if wait_gone bob "scroll line 40" 5; then pass "the newest line left the screen"; else fail "PageUp did not move the view"; fi
type_line alice "news while scrolled"
check "a new-messages marker shows while scrolled" bob "1 new message"
tm send-keys -t bob End
check "End returns to the newest line" bob "<alice> news while scrolled"
if wait_gone bob "new message" 5; then pass "the marker is gone after End"; else fail "marker still shown after End"; fi

# 6. Escape sequences from the network are shown, not obeyed.
python3 - "$PORT" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"/nick mallory\n")
time.sleep(0.2)
s.sendall(b"evil \x1b[2J\x1b[H\x1b]0;pwned\x07\x1b[31mRED\x1b[0m \xe2\x80\xaeright-to-left done\n")
time.sleep(0.5)
s.close()
PY
check "the hostile message arrives" bob "RED"
check "its escape sequences are visible stand-ins" bob "<mallory> evil ␛[2J␛[H␛]0;pwned␇␛[31mRED␛[0m"
check "the earlier lines survive (no clear screen)" bob "<alice> news while scrolled"
title=$(tm display -p -t bob '#{pane_title}')
if [[ $title != *pwned* ]]; then pass "the window title was not changed"; else fail "the title became: $title"; fi
if screen bob | grep -q $'\u202e'; then fail "a bidi override reached the screen"; else pass "the bidi override was replaced"; fi

# 7. A mention rings the bell of the window it lands in (bob's window is in the background).
type_line alice "ping bob, are you there?"
check "bob sees the mention" bob "<alice> ping bob, are you there?"
bell=0
for _ in $(seq 1 50); do
    bell=$(tm display -p -t e2e:bob '#{window_bell_flag}')
    [[ $bell == 1 ]] && break
    sleep 0.1
done
if [[ $bell == 1 ]]; then pass "the mention rang bob's bell"; else fail "no bell in bob's window"; fi

# 8. A refused message: a second relay with its default rate limit (5 a second, bursts of 20).
start_relay LIMITED_PID LIMITED_PORT limited
start_client erin erin "$LIMITED_PORT" --no-mouse
check "erin connects to the rate-limited relay" erin "erin @ 127.0.0.1:$LIMITED_PORT │ TCP │ connected"
for i in $(seq 1 26); do type_line erin "burst $i"; done
check "a refused message says why, in the client's own words" erin "✗ rate limited: sent too fast; wait a moment"
if [[ $(pane_flag erin '#{mouse_any_flag}') == 0 ]]; then
    pass "with --no-mouse the client leaves the mouse to the terminal"
else
    fail "--no-mouse still asks for mouse reports"
fi
tm send-keys -t erin C-c C-c
kill "$LIMITED_PID" 2>/dev/null || true
wait "$LIMITED_PID" 2>/dev/null || true
LIMITED_PID=""

# 9. The mouse wheel scrolls: clients ask for mouse reports, but not with --no-mouse (erin).
for window in alice bob; do
    if [[ $(pane_flag "$window" '#{mouse_any_flag}') == 1 ]]; then
        pass "$window asks the terminal for mouse reports (the wheel scrolls)"
    else
        fail "$window does not ask for mouse reports"
    fi
done

# 9b. Rooms and windows.
type_line alice "/join #dev"
check "alice joins #dev: its window is on screen" alice "1:#lobby [2:#dev]"
check "alone there" alice "you joined #dev (you are alone here)"
type_line alice "/join #ops"
check "alice joins #ops: three windows" alice "1:#lobby 2:#dev [3:#ops]"
type_line bob "/join #dev"
check "bob joins #dev" bob "[2:#dev]"
type_line bob "news in the background room"
check "alice's window list shows the message in #dev" alice "2:#dev(1)"
if screen alice | grep -qF "news in the background room"; then
    fail "the message in #dev was drawn in #ops"
else
    pass "#ops, on screen, does not show #dev's message"
fi
tm send-keys -t alice M-a
check "Alt-A goes to #dev" alice "1:#lobby [2:#dev] 3:#ops"
check "#dev shows the message" alice "<bob> news in the background room"
rows=$(screen alice)
marker=$(printf '%s\n' "$rows" | grep -n -F "unread" | head -n 1 | cut -d: -f1)
joined=$(printf '%s\n' "$rows" | grep -n -F "you joined #dev" | head -n 1 | cut -d: -f1)
news=$(printf '%s\n' "$rows" | grep -n -F "<bob> news in the background room" | head -n 1 | cut -d: -f1)
if [[ -n $marker && -n $joined && -n $news ]] && ((joined < marker && marker < news)); then
    pass "the unread marker sits after the last line seen in #dev, before what came since"
else
    fail "no unread marker between the last line seen and the news (joined=$joined marker=$marker news=$news)"
    printf '%s\n' "$rows" | sed 's/^/        | /' >&2
fi
tm send-keys -t alice M-Left
check "Alt-Left goes to the lobby" alice "[1:#lobby] 2:#dev 3:#ops"
if wait_gone alice "<bob> news in the background room" 5; then pass "the lobby shows its own lines"; else fail "the lobby shows #dev's lines"; fi
tm send-keys -t alice M-Right M-Right
check "Alt-Right twice goes to #ops" alice "1:#lobby 2:#dev [3:#ops]"
tm send-keys -t alice M-1
check "Alt-1 goes back to the lobby" alice "[1:#lobby] 2:#dev 3:#ops"
tm send-keys -t bob M-1
check "bob goes back to the lobby" bob "[1:#lobby] 2:#dev"

# 10. Ctrl-Z and fg under a shell with job control.
start_shell frank
wait_for frank 'frank$' || fail "no shell prompt in frank's window"
tm send-keys -t frank -l -- "env TERM=${PARLEY_E2E_TERM:-xterm-256color} '$PARLEY' 127.0.0.1:$PORT --nick frank"
tm send-keys -t frank Enter
check "frank connects from an interactive shell" frank "frank @ 127.0.0.1:$PORT │ TCP │ connected"
if wait_flag frank '#{mouse_any_flag}' 1 5; then
    pass "frank asks for mouse reports before Ctrl-Z"
else
    fail "frank does not ask for mouse reports"
fi
tm send-keys -t frank C-z
check "Ctrl-Z stops the client and the shell reports it" frank "Stopped"
if wait_flag frank '#{alternate_on}' 0 5 && wait_flag frank '#{mouse_any_flag}' 0 5; then
    pass "the stopped client left the normal screen with mouse reporting off"
else
    fail "after Ctrl-Z: alternate_on=$(pane_flag frank '#{alternate_on}')" \
        "mouse_any_flag=$(pane_flag frank '#{mouse_any_flag}')"
fi
# The shell runs commands again; $((6*7)) shows the command ran, not just that it was typed.
type_line frank "stty -a > '$WORK/frank-stopped.stty'; echo shell-ran-\$((6*7))"
if wait_for frank "shell-ran-42" 10; then
    modes=$(tr '\n' ' ' < "$WORK/frank-stopped.stty")
    if [[ " $modes " == *" icanon "* && " $modes " == *" echo "* ]]; then
        pass "the shell has its prompt and a sane terminal (icanon echo)"
    else
        fail "the stopped client left the terminal raw (stty: $modes)"
    fi
else
    fail "the shell did not get the terminal back"
    screen frank | sed 's/^/        | /' >&2
fi
type_line alice "said while frank was stopped"
check "the others chat on meanwhile" bob "<alice> said while frank was stopped"
tm resize-window -t e2e:frank -x 70 -y 20
type_line frank "fg"
check "fg brings the chat back" frank "frank @ 127.0.0.1:$PORT │ TCP │ connected"
check "with the message sent while it was stopped" frank "<alice> said while frank was stopped"
# The chat, whole: 20 rows, the status bar and the prompt at the bottom, nothing of the shell.
chat_redrawn() {
    local rows
    rows=$(screen frank)
    [[ $(printf '%s\n' "$rows" | wc -l) -eq 20 && $(printf '%s\n' "$rows" | tail -n 1) == ">"* \
        && $(printf '%s\n' "$rows" | tail -n 2 | head -n 1) == " frank @ "* && $rows != *"shell-ran-42"* \
        && $(pane_flag frank '#{alternate_on}') == 1 ]]
}
deadline=$((SECONDS + 5))
until chat_redrawn || ((SECONDS >= deadline)); do sleep 0.1; done
if chat_redrawn; then
    pass "the whole screen is redrawn, at the 70x20 the window was given while stopped"
else
    fail "the screen after fg is not the chat, whole"
    screen frank | sed 's/^/        | /' >&2
fi
if wait_flag frank '#{mouse_any_flag}' 1 5; then
    pass "mouse reporting is back on after fg"
else
    fail "mouse reporting not back after fg"
fi
type_line frank "frank is back"
check "typing works after fg" alice "<frank> frank is back"
tm send-keys -t frank C-c
wait_flag frank '#{alternate_on}' 0 10 || true
type_line frank "stty -a > '$WORK/frank.stty'; echo frank-left-\$((6*7))"
if wait_for frank "frank-left-42" 10 && [[ " $(tr '\n' ' ' < "$WORK/frank.stty") " == *" icanon "* ]]; then
    pass "frank leaves on Ctrl-C, back at the shell prompt"
else
    fail "frank did not leave cleanly"
    screen frank | sed 's/^/        | /' >&2
fi

# 11. Every way out restores the terminal.
type_line alice "/quit"
check "alice leaves with /quit, exit 0" alice "EXIT=0"
terminal_restored alice alice

pid=$(client_pid bob)
if [[ -n $pid ]]; then
    kill -TERM "$pid"
    check "bob leaves on SIGTERM" bob "EXIT=143"
    terminal_restored bob bob
else
    fail "could not find bob's client process"
fi

start_client carol carol
start_client dave dave
check "carol connects" carol "carol @ 127.0.0.1:$PORT │ TCP │ connected"
check "dave connects" dave "dave @ 127.0.0.1:$PORT │ TCP │ connected"
tm send-keys -t dave C-c
check "dave leaves on Ctrl-C, exit 0" dave "EXIT=0"
terminal_restored dave dave

kill "$RELAY_PID"
wait "$RELAY_PID" 2>/dev/null || true
RELAY_PID=""
check "carol shows the lost relay" carol "│ reconnecting in"
type_line carol "written while the relay is away"
check "the message waits as pending" carol "<carol> written while the relay is away ·"
tm send-keys -t carol C-c
check "Ctrl-C waits for the pending message" carol "waiting up to"
tm send-keys -t carol C-c
check "Ctrl-C again leaves at once, exit 130" carol "EXIT=130"
terminal_restored carol carol

if ((FAILURES > 0)); then
    echo "tui-e2e: $FAILURES check(s) failed" >&2
    exit 1
fi
echo "tui-e2e: all checks passed"
