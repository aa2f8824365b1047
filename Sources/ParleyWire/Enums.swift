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

/// What kind of chat message a SUBMIT or MESSAGE frame carries.
public enum MessageKind: UInt8, Sendable, Equatable, CaseIterable {
    /// Ordinary text: `<nick> text`.
    case text = 1
    /// An action, written with `/me`: `* nick text`.
    case action = 2
}

/// Why a peer left the chat.
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

    public var description: String {
        switch self {
        case .quit: return "quit"
        case .timeout: return "timeout"
        case .flooding: return "flooding"
        case .slowConsumer: return "slow consumer"
        case .serverShutdown: return "server shutdown"
        case .error: return "connection error"
        }
    }
}

/// How a HELLO's "resume after" request was met.
public enum ResumeStatus: UInt8, Sendable, Equatable, CaseIterable {
    /// The client asked for no resume; it gets recent history instead.
    case fresh = 0
    /// Every message after the requested id follows.
    case complete = 1
    /// Some messages after the requested id are no longer in the relay's history; the rest follow.
    case gap = 2
}

/// A stable error code; the ERROR frame pairs it with a human sentence.
public enum ErrorCode: UInt16, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// A frame could not be decoded.
    case malformed = 1
    /// The client speaks a protocol version the relay does not.
    case unsupportedVersion = 2
    /// A frame was over `Limits.maxFrameBytes`.
    case frameTooLarge = 3
    /// A text was over `Limits.maxTextBytes`.
    case textTooLong = 4
    /// A string was not valid UTF-8.
    case invalidUTF8 = 5
    /// A nick was empty, too long, or used a character other than letters, digits, `_`, `-`, `.`.
    case invalidNick = 6
    /// A nick is already taken (ignoring case).
    case nickInUse = 7
    /// The sender is over its rate limit; the message was not accepted.
    case rateLimited = 8
    /// A private message named a nick that is not here.
    case noSuchNick = 9
    /// The relay has reached its maximum number of peers.
    case serverFull = 10
    /// The client sent something other than HELLO first, or HELLO twice.
    case protocolViolation = 11
    /// A message had no text.
    case emptyText = 12

    public var description: String {
        switch self {
        case .malformed: return "malformed"
        case .unsupportedVersion: return "unsupported version"
        case .frameTooLarge: return "frame too large"
        case .textTooLong: return "too long"
        case .invalidUTF8: return "invalid UTF-8"
        case .invalidNick: return "invalid nick"
        case .nickInUse: return "nick in use"
        case .rateLimited: return "rate limited"
        case .noSuchNick: return "no such nick"
        case .serverFull: return "server full"
        case .protocolViolation: return "protocol violation"
        case .emptyText: return "empty text"
        }
    }
}
