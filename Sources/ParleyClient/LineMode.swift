import Dispatch
import ParleyClientCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Line mode, for scripts and bots: each line of standard input is sent (or run as a command);
/// each chat line is printed to standard output as it happens, one `write(2)` per line.
///
/// ```
/// [12:00:01] <alice> hello
/// [12:00:02] * alice waves
/// [12:00:03] -!- bob joined (udp)
/// [12:00:04] #dev <ada> a line from a room other than the current one
/// ```
/// The current window starts as `#lobby`; `/join #room` makes that room current, `/query NICK`
/// sends plain lines to NICK privately, `/close` goes back.
/// At end of input the session waits until every message sent is delivered or has failed
/// (bounded by `ClientConfiguration.drainTimeout`), then the process exits: 0 if every message was
/// delivered, 1 otherwise.
public enum LineMode {
    /// Runs line mode on the main queue; never returns. `session` must use the main queue and not be started.
    public static func run(session: ClientSession) -> Never {
        session.setObserver { effects in
            // The observer runs on the session's queue, where its state may be read (a copy on write).
            let windows = session.state.windows
            for effect in effects {
                switch effect {
                case .append(let entry, let window), .update(let entry, let window):
                    let offset = ClientClock.utcOffsetSeconds(atMilliseconds: entry.time)
                    let room = windows.roomLabel(for: window)
                    if let line = LineFormatter.line(for: entry, utcOffset: offset, room: room) { writeLine(line) }
                case .exit(let code):
                    exit(code)
                default:
                    break
                }
            }
        }
        let reader = StandardInputReader(
            onLine: { line in session.submit(line) },
            onEnd: { session.endInput() })
        session.start()
        reader.start()
        withExtendedLifetime(reader) { dispatchMain() }
    }

    /// Writes `line` and a newline to standard output at once (unbuffered), ignoring a closed pipe.
    public static func writeLine(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}
