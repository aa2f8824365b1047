import ParleyWire

/// Every decision the Parley client makes, as a pure value: events in, effects out.
///
/// The shell feeds it `ClientEvent`s (typed lines, decoded frames, transport changes, timer ticks,
/// each with the time as a value) and carries out the returned `ClientEffect`s in order. After
/// each call it re-arms its one timer to `nextDeadline`. The machine holds the scrollback, the
/// roster, the outbox of messages awaiting the relay's echo, and the link status.
///
/// Delivery: every message we send waits in the outbox as `.pending` until the relay's echo
/// (a CHAT from us carrying our idempotency key) makes it `.delivered`, or an ERROR with that key
/// makes it `.failed`. After a reconnect, pending messages are sent again with the same key once
/// the replayed history has been read, so an echo found in the replay is never sent twice.
/// Relay ids only grow, so anything at or below the highest id seen is a duplicate and is dropped.
public struct ClientStateMachine: Sendable {
    /// What the machine was created with.
    public let configuration: ClientConfiguration
    /// The chat as the user sees it.
    public internal(set) var scrollback: Scrollback
    /// Who is here.
    public internal(set) var roster = PeerRoster()
    /// Our messages awaiting the relay's echo, and the tally of how they ended.
    public internal(set) var outbox: Outbox
    /// Our nick: as the relay assigned it, or as we will ask for it.
    public internal(set) var nick: String
    /// The nick the user chose (configuration or `/nick`); asked for in every HELLO, and reclaimed
    /// when the relay gave us a variant because a stale session of ours still held it.
    public internal(set) var preferredNick: String
    /// The state of the link to the relay.
    public internal(set) var link: LinkStatus = .idle
    /// The highest relay message id seen; the next HELLO resumes after it.
    public internal(set) var lastSeenID: UInt64 = 0
    /// The relay's secret for our nick from the latest WELCOME; the next HELLO sends it back, so
    /// that private messages sent to us while we were away are replayed to us and no one else.
    var resumeToken: UInt64 = 0
    /// Whether mentions and private messages ring the bell.
    public internal(set) var bellEnabled: Bool
    /// The latest UDP link measurements.
    public internal(set) var linkQuality: LinkQuality?

    var random: SplitMix64
    /// Consecutive failed connection attempts since the last WELCOME.
    var failures = 0
    /// Whether the shell has a transport open or opening (so `.disconnect` means something).
    var transportOpen = false
    var connectDeadline: UInt64?
    var hasBeenWelcomed = false
    /// The relay's newest id when it welcomed us: once the replay is read, nothing at or below it is news.
    var welcomeLastID: UInt64 = 0
    /// CHAT frames of replayed history still to come; pending messages are re-sent when it reaches 0.
    var replayRemaining: UInt32 = 0
    /// `/who` requests whose ROSTER reply has not arrived.
    var whoRequests = 0
    var lastHeard: UInt64 = 0
    var pingSentAt: UInt64?
    var pingToken: UInt64 = 0
    /// Set by `/quit` or the end of input: exit once the outbox is empty, or fail what is left at the deadline.
    var drain: Drain?

    struct Drain: Equatable, Sendable {
        var deadline: UInt64
        var reason: String
    }

    /// Creates a machine that has not started; send it `.start(now:)`.
    public init(configuration: ClientConfiguration) {
        self.configuration = configuration
        scrollback = Scrollback(capacity: configuration.scrollbackCapacity)
        outbox = Outbox(capacity: configuration.outboxCapacity)
        nick = configuration.nick
        preferredNick = configuration.nick
        bellEnabled = configuration.bellEnabled
        random = SplitMix64(seed: configuration.seed)
    }

    /// Takes in one event and returns what the shell must do, in order.
    ///
    /// `.statusChanged` is added last whenever `status` differs from before the event.
    public mutating func handle(_ event: ClientEvent) -> [ClientEffect] {
        let before = status
        var effects: [ClientEffect] = []
        if case .down = link { return [] }
        switch event {
        case .start(let now): start(now: now, into: &effects)
        case .input(let line, let now): handleInput(line, now: now, into: &effects)
        case .inputEnded(let now): beginDrain(reason: "", now: now, into: &effects)
        case .transportUp(let now): transportUp(now: now, into: &effects)
        case .received(let message, let now): receive(message, now: now, into: &effects)
        case .malformedFrame(let problem, let now):
            show(.error, "ignored a malformed frame from the relay: \(problem)", now: now, into: &effects)
        case .transportDown(let reason, let now): transportDown(reason: reason, now: now, into: &effects)
        case .linkQuality(let statistics): linkQuality = statistics
        case .note(let text, let now): show(.notice, text, now: now, into: &effects)
        case .tick(let now): tick(now: now, into: &effects)
        }
        if status != before { effects.append(.statusChanged) }
        return effects
    }

    /// Everything a status bar shows.
    public var status: ClientStatus {
        ClientStatus(
            nick: nick, relayName: configuration.relayName, transport: configuration.transport, link: link,
            onlineCount: link.isConnected ? roster.count : 0, pendingCount: outbox.pendingCount,
            failedCount: outbox.failedCount,
            linkQuality: configuration.transport == .udp ? linkQuality : nil, bellEnabled: bellEnabled)
    }

    /// When the shell should send `.tick`: the earliest of the reconnect time, the connect timeout,
    /// the keepalive and the quit deadline; `nil` when nothing is due.
    public var nextDeadline: UInt64? {
        var deadlines: [UInt64] = []
        if let drain { deadlines.append(drain.deadline) }
        switch link {
        case .reconnecting(let at, _, _): deadlines.append(at)
        case .connecting: if let connectDeadline { deadlines.append(connectDeadline) }
        case .connected:
            if let pingSentAt {
                deadlines.append(pingSentAt + configuration.keepaliveTimeout)
            } else {
                deadlines.append(lastHeard + configuration.keepaliveInterval)
            }
        case .idle, .down: break
        }
        return deadlines.min()
    }

    /// Appends a line with no speaker (a notice or an error) and reports it.
    mutating func show(_ kind: ScrollbackEntry.Kind, _ text: String, now: UInt64, into effects: inout [ClientEffect]) {
        effects.append(.append(scrollback.append(time: now, kind: kind, text: text)))
    }

    /// `550` → "0.6s", `12_000` → "12s".
    static func seconds(_ milliseconds: UInt64) -> String {
        if milliseconds >= 10_000 || milliseconds % 1000 == 0 { return "\((milliseconds + 500) / 1000)s" }
        let tenths = (milliseconds + 50) / 100
        return "\(tenths / 10).\(tenths % 10)s"
    }

    static func sameNick(_ a: String, _ b: String) -> Bool { Nick.folded(a) == Nick.folded(b) }
}
