import Logging
import ParleyTestSupport

/// What the relay under test has said about itself: its latest stats line and why peers left.
///
/// The relay logs a stats line on every tick when `statsInterval` is short, with its peer
/// counts by transport and its pending (not yet joined) connections: that is how a test sees
/// the relay's own tables return to their baseline without reaching into it.
final class RelayLog: Sendable {
    struct Snapshot: Sendable, Equatable {
        var peers: [String: Int] = [:]
        var pending = 0
        /// How many stats lines have been seen.
        var reports = 0
        /// "left" lines by reason.
        var leftReasons: [String: Int] = [:]
        /// The address of each connection refused for its address's share (at most 1000).
        var addressRefusals: [String] = []
        /// Lines at error level or above, for the test's failure message.
        var errors: [String] = []

        var joined: Int { peers.values.reduce(0, +) }
    }

    /// Guarded by its own lock (the relay's event loop writes, the test's thread reads).
    private let state = Locked(Snapshot())

    var snapshot: Snapshot { state.withLock { $0 } }

    /// A logger that feeds this record (and writes nothing).
    func logger() -> Logger {
        Logger(label: "parley.relay.hardening") { _ in RecordingHandler(log: self) }
    }

    fileprivate func note(_ event: LogEvent) {
        let message = "\(event.message)"
        let metadata = event.metadata ?? [:]
        state.withLock { state in
            switch message {
            case "stats":
                state.reports += 1
                state.pending = Int("\(metadata["pending"] ?? "0")") ?? -1
                state.peers = [:]
                for pair in "\(metadata["peers"] ?? "")".split(separator: ",") {
                    let parts = pair.split(separator: ":")
                    if parts.count == 2 { state.peers[String(parts[0])] = Int(parts[1]) ?? -1 }
                }
            case "left":
                state.leftReasons["\(metadata["reason"] ?? "?")", default: 0] += 1
            case "too many connections from one address: connection refused" where state.addressRefusals.count < 1000:
                state.addressRefusals.append("\(metadata["address"] ?? "?")")
            default:
                break
            }
            if event.level >= .error, state.errors.count < 20 {
                state.errors.append("\(event.level) \(message) \(metadata)")
            }
        }
    }
}

/// Hands every event to a `RelayLog`.
private struct RecordingHandler: LogHandler {
    let log: RelayLog
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        log.note(event)
    }
}
