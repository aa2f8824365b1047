import ParleyWire

/// Every decision the Parley client makes, as a pure value: events in, effects out.
///
/// The shell feeds it `ClientEvent`s (typed lines, decoded frames, transport changes, timer ticks,
/// each with the time as a value) and carries out the returned `ClientEffect`s in order. After
/// each call it re-arms its one timer to `nextDeadline`. The machine holds the windows (each room
/// and each private conversation, with its scrollback, activity and cursor), the outbox of
/// messages awaiting the relay's echo, and the link status.
///
/// Requests: every request gets its id from one counter (random start, never 0). A SUBMIT's id is
/// its idempotency key: a message waits in the outbox as `.pending` until the relay's echo (a CHAT
/// from us carrying that id) makes it `.delivered`, or an ERROR with that id makes it `.failed`.
/// At most `Limits.maxSubmitsInFlight` SUBMITs are unanswered at once; later messages wait,
/// unsent, and go out in the order typed as earlier ones settle. After a reconnect, pending
/// messages are sent again with the same id (the oldest that many, then the rest as they settle)
/// once all of HELLO's replay has been read (the private messages, then each room's), so an echo
/// found in the replay is never sent twice.
///
/// Cursors: each room has its own sequence of ids and private messages have one more; the machine
/// keeps the newest id seen in each, drops anything at or below it as a duplicate, and resumes
/// after them in the next HELLO. They mean something only within the relay's epoch: a relay that
/// lost its history (a new epoch) is reported once and every cursor starts again from 0.
public struct ClientStateMachine: Sendable {
    /// What the machine was created with.
    public let configuration: ClientConfiguration
    /// The windows, and which one is on screen.
    public internal(set) var windows: WindowList
    /// Our messages awaiting the relay's echo, and the tally of how they ended.
    public internal(set) var outbox: Outbox
    /// Our nick: as the relay assigned it, or as we will ask for it.
    public internal(set) var nick: String
    /// The nick the user chose (configuration or `/nick`); asked for in every HELLO, and reclaimed
    /// when the relay gave us a variant because a stale session of ours still held it.
    public internal(set) var preferredNick: String
    /// The state of the link to the relay.
    public internal(set) var link: LinkStatus = .idle
    /// The relay's history epoch our cursors belong to (0: none yet).
    public internal(set) var epoch: UInt64 = 0
    /// The newest private message id seen; the next HELLO resumes private messages after it.
    public internal(set) var privateCursor: UInt64 = 0
    /// The relay's secret for our nick from the latest WELCOME; the next HELLO sends it back, so
    /// that private messages sent to us while we were away are replayed to us and no one else.
    public internal(set) var resumeToken: UInt64 = 0
    /// Whether mentions and private messages ring the bell.
    public internal(set) var bellEnabled: Bool
    /// The latest UDP link measurements.
    public internal(set) var linkQuality: LinkQuality?

    var random: SplitMix64
    /// The last request id handed out.
    var lastRequest: UInt64
    /// Requests other than messages awaiting their reply.
    var requests: [UInt64: PendingRequest] = [:]
    /// Consecutive failed connection attempts since the last WELCOME.
    var failures = 0
    /// Whether the shell has a transport open or opening (so `.disconnect` means something).
    var transportOpen = false
    var connectDeadline: UInt64?
    var hasBeenWelcomed = false
    /// The HELLO of this connection: its id, and the rooms it listed.
    var hello: (request: UInt64, rooms: [String])?
    /// Rooms of the HELLO entered so far, or refused (folded names).
    var helloSettledRooms: Set<String> = []
    /// What is still to come of HELLO's replay; `nil` once it has all been read.
    var helloReplay: HelloReplay?
    /// The room whose replayed history is being read (after its ENTERED).
    var roomReplay: RoomReplay?
    /// The room whose roster should follow: a NOTICE then (a head count) belongs to it.
    var noticeRoom: WindowID?
    /// Pages of WHO and LIST replies still arriving, by request id.
    var whoPages: [UInt64: [RosterEntry]] = [:]
    var listPages: [UInt64: [RoomSummary]] = [:]
    /// The NICK request reclaiming `preferredNick`, while it is under way.
    var reclaimRequest: UInt64?
    var lastHeard: UInt64 = 0
    var pingSentAt: UInt64?
    var pingToken: UInt64 = 0
    /// Set by `/quit` or the end of input: exit once the outbox is empty, or fail what is left at the deadline.
    var drain: Drain?

    struct Drain: Equatable, Sendable {
        var deadline: UInt64
        var reason: String
    }

    /// Creates a machine that has not started; send it `.start(now:)`. Its one window is
    /// `#lobby`, where the relay puts everyone first.
    public init(configuration: ClientConfiguration) {
        self.configuration = configuration
        windows = WindowList(
            first: ChatWindow(
                id: .lobby, name: RoomName.lobby, scrollbackCapacity: configuration.scrollbackCapacity, membership: .joining))
        outbox = Outbox(capacity: configuration.outboxCapacity)
        nick = configuration.nick
        preferredNick = configuration.nick
        bellEnabled = configuration.bellEnabled
        random = SplitMix64(seed: configuration.seed)
        lastRequest = random.next()
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
        case .selectWindow(let selection, _): select(selection)
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
        let current = windows.current
        let inRoom = link.isConnected && current.id.isRoom && current.membership == .joined
        return ClientStatus(
            nick: nick, relayName: configuration.relayName, transport: configuration.transport, link: link,
            memberCount: inRoom ? current.memberCount : nil, pendingCount: outbox.pendingCount,
            failedCount: outbox.failedCount, linkQuality: configuration.transport == .udp ? linkQuality : nil,
            bellEnabled: bellEnabled, windows: windows.summaries)
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

    /// A fresh request id: the next from the counter, never 0, not in use.
    mutating func newRequest() -> UInt64 {
        repeat {
            lastRequest &+= 1
        } while lastRequest == 0 || outbox.contains(request: lastRequest) || requests[lastRequest] != nil
            || lastRequest == hello?.request
        return lastRequest
    }

    /// `550` → "0.6s", `12_000` → "12s".
    static func seconds(_ milliseconds: UInt64) -> String {
        if milliseconds >= 10_000 || milliseconds % 1000 == 0 { return "\((milliseconds + 500) / 1000)s" }
        let tenths = (milliseconds + 50) / 100
        return "\(tenths / 10).\(tenths % 10)s"
    }

    static func sameNick(_ a: String, _ b: String) -> Bool { Nick.folded(a) == Nick.folded(b) }
}
