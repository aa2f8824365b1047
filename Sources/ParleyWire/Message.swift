/// One Parley protocol message: the body of one frame.
///
/// The same values travel over TCP (framed, see `FrameDecoder`) and over UDP (inside the
/// reliable link's DATA datagrams). `PROTOCOL.md` gives every field's layout.
public enum Message: Equatable, Sendable {
    /// Client → relay, first frame: who I am and what I missed.
    case hello(Hello)
    /// Relay → client: the answer to HELLO, before any replayed history.
    case welcome(Welcome)
    /// Client → relay: please broadcast (or privately deliver) this text.
    case submit(Submit)
    /// Relay → client: a chat message, stamped by the relay with id, time and sender.
    case chat(Chat)
    /// Client → relay: change my nick.
    case nick(String)
    /// Relay → clients: a peer changed its nick.
    case renamed(Renamed)
    /// Relay → clients: a peer joined.
    case joined(Joined)
    /// Relay → clients: a peer left.
    case left(Left)
    /// Client → relay: please send the roster.
    case who
    /// Relay → client: one page of who is here.
    case roster(Roster)
    /// Relay → client: a request was refused.
    case error(ErrorReport)
    /// Relay → client: a sentence from the relay (history gap, shutdown, ...).
    case notice(String)
    /// Either direction: are you alive? The token is echoed in PONG.
    case ping(UInt64)
    /// Either direction: the answer to PING.
    case pong(UInt64)
    /// Either direction: I am leaving, with a reason.
    case bye(String)

    /// The frame type code for this message.
    public var type: MessageType {
        switch self {
        case .hello: return .hello
        case .welcome: return .welcome
        case .submit: return .submit
        case .chat: return .chat
        case .nick: return .nick
        case .renamed: return .renamed
        case .joined: return .joined
        case .left: return .left
        case .who: return .who
        case .roster: return .roster
        case .error: return .error
        case .notice: return .notice
        case .ping: return .ping
        case .pong: return .pong
        case .bye: return .bye
        }
    }
}

/// Frame type codes.
public enum MessageType: UInt8, Sendable, Equatable, CaseIterable {
    case hello = 0x01
    case welcome = 0x02
    case submit = 0x10
    case chat = 0x11
    case nick = 0x20
    case renamed = 0x21
    case joined = 0x22
    case left = 0x23
    case who = 0x30
    case roster = 0x31
    case error = 0x40
    case notice = 0x41
    case ping = 0x50
    case pong = 0x51
    case bye = 0x60
}

/// HELLO: the first frame a client sends.
public struct Hello: Equatable, Sendable {
    /// The nick the client would like; empty asks the relay to pick a guest nick.
    public var nick: String
    /// Replay every message after this id (0: this is a new session, not a resume).
    public var resumeAfter: UInt64
    /// When not resuming, how many recent messages to replay; `Hello.defaultHistory` lets the relay choose.
    public var history: UInt16
    /// When resuming, the token the relay gave in its last WELCOME under this nick (0: none). It
    /// proves the claim to the nick's private messages kept in the history.
    public var resumeToken: UInt64

    /// Asks the relay for its default amount of history.
    public static let defaultHistory: UInt16 = 0xFFFF

    public init(nick: String, resumeAfter: UInt64 = 0, history: UInt16 = Hello.defaultHistory, resumeToken: UInt64 = 0) {
        self.nick = nick
        self.resumeAfter = resumeAfter
        self.history = history
        self.resumeToken = resumeToken
    }
}

/// WELCOME: the relay accepted the client.
public struct Welcome: Equatable, Sendable {
    /// The nick the client now has (the requested one, or a variant if it was taken).
    public var nick: String
    /// The id of the newest message the relay has stamped (0 if none yet).
    public var lastID: UInt64
    /// The relay's clock, milliseconds since 1970-01-01 UTC.
    public var time: UInt64
    /// How the resume request was met.
    public var resume: ResumeStatus
    /// How many CHAT frames of replayed history follow this frame.
    public var replayCount: UInt32
    /// A secret to send back in HELLO.resumeToken when resuming under this nick (0: none). A
    /// resume without it still gets the public history, but not the nick's private messages.
    public var resumeToken: UInt64

    public init(nick: String, lastID: UInt64, time: UInt64, resume: ResumeStatus, replayCount: UInt32, resumeToken: UInt64 = 0) {
        self.nick = nick
        self.lastID = lastID
        self.time = time
        self.resume = resume
        self.replayCount = replayCount
        self.resumeToken = resumeToken
    }
}

/// SUBMIT: a chat message from a client, not yet accepted.
public struct Submit: Equatable, Sendable {
    /// The client's idempotency key: a resubmission with the same key is not broadcast twice.
    public var key: UInt64
    /// Text or action.
    public var kind: MessageKind
    /// Empty for the whole room; otherwise the nick of the private recipient.
    public var target: String
    /// The text, at most `Limits.maxTextBytes` of UTF-8; may contain newlines.
    public var text: String

    public init(key: UInt64, kind: MessageKind = .text, target: String = "", text: String) {
        self.key = key
        self.kind = kind
        self.target = target
        self.text = text
    }
}

/// CHAT: a message the relay accepted and stamped.
public struct Chat: Equatable, Sendable {
    /// The relay's id: strictly increasing, one global order.
    public var id: UInt64
    /// When the relay accepted it, milliseconds since 1970-01-01 UTC.
    public var time: UInt64
    /// Text or action.
    public var kind: MessageKind
    /// The sender's nick, stamped by the relay.
    public var from: String
    /// Empty for a room message; the recipient's nick for a private one.
    public var target: String
    /// The sender's idempotency key, so the sender recognises its own echo.
    public var key: UInt64
    /// The text.
    public var text: String

    public init(id: UInt64, time: UInt64, kind: MessageKind = .text, from: String, target: String = "", key: UInt64 = 0, text: String) {
        self.id = id
        self.time = time
        self.kind = kind
        self.from = from
        self.target = target
        self.key = key
        self.text = text
    }

    /// Whether this is a private message.
    public var isPrivate: Bool { !target.isEmpty }
}

/// RENAMED: a nick change.
public struct Renamed: Equatable, Sendable {
    public var old: String
    public var new: String
    public var time: UInt64
    public init(old: String, new: String, time: UInt64) {
        self.old = old
        self.new = new
        self.time = time
    }
}

/// JOINED: a peer arrived.
public struct Joined: Equatable, Sendable {
    public var nick: String
    public var transport: Transport
    public var time: UInt64
    public init(nick: String, transport: Transport, time: UInt64) {
        self.nick = nick
        self.transport = transport
        self.time = time
    }
}

/// LEFT: a peer went away, and why.
public struct Left: Equatable, Sendable {
    public var nick: String
    public var reason: LeaveReason
    /// The peer's quit message, or more detail on the reason; may be empty.
    public var detail: String
    public var time: UInt64
    public init(nick: String, reason: LeaveReason, detail: String = "", time: UInt64) {
        self.nick = nick
        self.reason = reason
        self.detail = detail
        self.time = time
    }
}

/// One person in the roster.
public struct RosterEntry: Equatable, Sendable {
    public var nick: String
    public var transport: Transport
    public init(nick: String, transport: Transport) {
        self.nick = nick
        self.transport = transport
    }
}

/// ROSTER: one page of who is here.
public struct Roster: Equatable, Sendable {
    /// Whether this is the last page.
    public var isFinal: Bool
    /// At most `Limits.maxRosterEntriesPerFrame` entries.
    public var entries: [RosterEntry]
    public init(isFinal: Bool = true, entries: [RosterEntry]) {
        self.isFinal = isFinal
        self.entries = entries
    }
}

/// ERROR: a refusal, with a stable code and a sentence for people.
public struct ErrorReport: Equatable, Sendable {
    public var code: ErrorCode
    /// The idempotency key of the refused SUBMIT, or 0 when the error concerns no submission.
    public var key: UInt64
    public var text: String
    public init(code: ErrorCode, key: UInt64 = 0, text: String) {
        self.code = code
        self.key = key
        self.text = text
    }
}
