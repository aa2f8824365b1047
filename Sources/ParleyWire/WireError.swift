/// Everything that can be wrong with bytes received from a peer.
///
/// Errors marked fatal leave the stream out of sync (or not a Parley stream at all): the
/// connection must be closed. The others concern one complete frame, which the decoder has
/// already consumed, so decoding can go on with the next frame.
public enum WireError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The stream did not begin with the Parley magic bytes `89 50 52 4C`.
    case badMagic
    /// The peer speaks a protocol version this build does not.
    case unsupportedVersion(UInt8)
    /// A frame header claimed a body longer than `Limits.maxBodyBytes`.
    case frameTooLarge(claimed: UInt32)
    /// A frame carried a type code this version does not define.
    case unknownType(UInt8)
    /// A frame body ended before all of its fields.
    case truncated(type: UInt8)
    /// A frame body had bytes left after its last field.
    case trailingBytes(type: UInt8)
    /// A string field was not valid UTF-8.
    case invalidUTF8(field: String)
    /// A text field exceeded `Limits.maxTextBytes` (or the field's own limit).
    case textTooLong(field: String, bytes: Int)
    /// A field held a value outside its defined range.
    case invalidValue(field: String, value: UInt64)
    /// A datagram was too short, too long or not a Parley datagram.
    case malformedDatagram(String)
    /// A problem with a client's request whose id could be read: the refusal carries that id.
    indirect case inRequest(UInt64, WireError)

    /// The id of the request this error concerns (0: none could be read).
    public var request: UInt64 {
        if case .inRequest(let request, _) = self { return request }
        return 0
    }

    /// The error itself, without the request it concerns.
    public var problem: WireError {
        if case .inRequest(_, let inner) = self { return inner.problem }
        return self
    }

    /// Whether the stream can no longer be decoded after this error.
    public var isFatal: Bool {
        switch problem {
        case .badMagic, .unsupportedVersion, .frameTooLarge: return true
        default: return false
        }
    }

    /// The protocol error code a relay sends back for this error.
    public var code: ErrorCode {
        switch problem {
        case .badMagic, .truncated, .trailingBytes, .malformedDatagram, .inRequest: return .malformed
        case .unknownType: return .unknownRequest
        case .invalidValue: return .invalidValue
        case .unsupportedVersion: return .unsupportedVersion
        case .frameTooLarge: return .frameTooLarge
        case .invalidUTF8: return .invalidUTF8
        case .textTooLong: return .textTooLong
        }
    }

    public var description: String {
        switch self {
        case .badMagic: return "not a Parley stream: the first bytes were not the Parley magic"
        case .unsupportedVersion(let v): return "protocol version \(v) is not supported; this build speaks version \(Preamble.version)"
        case .frameTooLarge(let n): return "frame header claims \(n) bytes; the limit is \(Limits.maxBodyBytes)"
        case .unknownType(let t): return "unknown frame type 0x\(String(t, radix: 16))"
        case .truncated(let t): return "frame type 0x\(String(t, radix: 16)) ended before all of its fields"
        case .trailingBytes(let t): return "frame type 0x\(String(t, radix: 16)) has unexpected bytes after its last field"
        case .invalidUTF8(let f): return "\(f) is not valid UTF-8"
        case .textTooLong(let f, let n): return "\(f) is \(n) bytes, over its limit"
        case .invalidValue(let f, let v): return "\(f) has the undefined value \(v)"
        case .malformedDatagram(let why): return "malformed datagram: \(why)"
        case .inRequest(_, let inner): return inner.description
        }
    }
}
