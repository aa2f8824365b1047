/// How a peer is connected to the relay.
public enum Transport: UInt8, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// A Parley client speaking framed messages over TCP.
    case tcp = 1
    /// A Parley client over the reliable UDP link.
    case udp = 2
    /// A plain-text line client over TCP (nc, telnet, socat).
    case line = 3

    public var description: String {
        switch self {
        case .tcp: return "tcp"
        case .udp: return "udp"
        case .line: return "line"
        }
    }
}

/// What kind of chat message a SUBMIT or CHAT frame carries.
public enum MessageKind: UInt8, Sendable, Equatable, CaseIterable {
    /// Ordinary text: `<nick> text`.
    case text = 1
    /// An action, written with `/me`: `* nick text`.
    case action = 2
}

/// Why a peer left a room, or the relay.
public enum LeaveReason: UInt8, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// The peer said goodbye (BYE or `/quit`), or its connection closed cleanly.
    case quit = 1
    /// Nothing was heard from the peer within the idle timeout.
    case timeout = 2
    /// The peer kept sending over its rate limit.
    case flooding = 3
    /// The peer did not read fast enough and its outbound queue filled.
    case slowConsumer = 4
    /// The relay is shutting down.
    case serverShutdown = 5
    /// The connection failed (reset, protocol error).
    case error = 6
    /// The peer left this room on purpose (PART) and stays on the relay.
    case part = 7

    public var description: String {
        switch self {
        case .quit: return "quit"
        case .timeout: return "timeout"
        case .flooding: return "flooding"
        case .slowConsumer: return "slow consumer"
        case .serverShutdown: return "server shutdown"
        case .error: return "connection error"
        case .part: return "left the room"
        }
    }
}

/// How a room's cursor (HELLO.rooms or JOIN.after) was met: ENTERED.resume.
public enum ResumeStatus: UInt8, Sendable, Equatable, CaseIterable {
    /// The client asked for no resume; it gets recent history instead.
    case fresh = 0
    /// Every message after the requested id follows.
    case complete = 1
    /// Some messages after the requested id are no longer in the relay's history; the rest follow.
    case gap = 2
    /// The messages after the requested id that follow are the oldest of them, up to the relay's
    /// replay budget; more are kept. Send JOIN for the room again, with `after` = the id of the
    /// last message received, for the next part. ENTERED.missed, when not 0, counts messages
    /// just after the requested id that are no longer kept (a gap and more to come).
    ///
    /// Sent only to a client that was granted `Capabilities.pagedReplay`.
    case more = 3
}

/// A stable error code; the ERROR frame pairs it with a sentence for people.
///
/// A struct rather than an enum: a client shows a code it does not know (from a later relay)
/// as "error N" instead of failing to decode the frame.
public struct ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// A frame could not be decoded.
    public static let malformed = ErrorCode(rawValue: 1)
    /// The client speaks a protocol version the relay does not.
    public static let unsupportedVersion = ErrorCode(rawValue: 2)
    /// A frame was over `Limits.maxFrameBytes`.
    public static let frameTooLarge = ErrorCode(rawValue: 3)
    /// A text, topic or detail was over its limit.
    public static let textTooLong = ErrorCode(rawValue: 4)
    /// A string was not valid UTF-8.
    public static let invalidUTF8 = ErrorCode(rawValue: 5)
    /// A nick was empty, too long, or used a character other than letters, digits, `_`, `-`, `.`.
    public static let invalidNick = ErrorCode(rawValue: 6)
    /// A nick is already taken (ignoring case).
    public static let nickInUse = ErrorCode(rawValue: 7)
    /// The sender is over its rate limit; the request was not carried out.
    public static let rateLimited = ErrorCode(rawValue: 8)
    /// A private message named a nick that is not here.
    public static let noSuchNick = ErrorCode(rawValue: 9)
    /// The relay has reached its maximum number of connections, or of connections from one address.
    public static let serverFull = ErrorCode(rawValue: 10)
    /// The client sent something other than HELLO first, HELLO twice, or a relay's message.
    public static let protocolViolation = ErrorCode(rawValue: 11)
    /// A message had no text.
    public static let emptyText = ErrorCode(rawValue: 12)
    /// A field held a value this version does not define (an enum value, a flag).
    public static let invalidValue = ErrorCode(rawValue: 13)
    /// A request of a type this relay does not know.
    public static let unknownRequest = ErrorCode(rawValue: 14)
    /// A room name broke the room name rules.
    public static let invalidRoom = ErrorCode(rawValue: 15)
    /// The request named a room that does not exist.
    public static let noSuchRoom = ErrorCode(rawValue: 16)
    /// The request needs the client to be in the room, and it is not.
    public static let notInRoom = ErrorCode(rawValue: 17)
    /// The client is already in as many rooms as one connection may be.
    public static let tooManyRooms = ErrorCode(rawValue: 18)
    /// The relay already holds as many rooms as it may; no new room can be made now.
    public static let relayRoomsFull = ErrorCode(rawValue: 19)
    /// The relay could not store the message (its disk is full, say), so it was not sent.
    /// Nothing else is wrong with the connection; the same message may be sent again later.
    public static let storageUnavailable = ErrorCode(rawValue: 20)

    /// Every code this version defines.
    public static let known: [ErrorCode] = (1...20).map { ErrorCode(rawValue: $0) }

    public var description: String {
        switch rawValue {
        case 1: return "malformed"
        case 2: return "unsupported version"
        case 3: return "frame too large"
        case 4: return "too long"
        case 5: return "invalid UTF-8"
        case 6: return "invalid nick"
        case 7: return "nick in use"
        case 8: return "rate limited"
        case 9: return "no such nick"
        case 10: return "server full"
        case 11: return "protocol violation"
        case 12: return "empty text"
        case 13: return "invalid value"
        case 14: return "unknown request"
        case 15: return "invalid room name"
        case 16: return "no such room"
        case 17: return "not in that room"
        case 18: return "too many rooms"
        case 19: return "the relay has too many rooms"
        case 20: return "the relay cannot store messages right now"
        default: return "error \(rawValue)"
        }
    }
}
