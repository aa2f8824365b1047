/// One UDP datagram of the reliable Parley link. `PROTOCOL.md` §4 gives the layouts.
///
/// Every datagram starts with `89 55 01 TYPE`: magic, 'U', version 1, packet type.
public enum Datagram: Equatable, Sendable {
    /// Client → relay: a first contact. Padded to `Datagram.initSize` so that the relay's COOKIE
    /// answer is never larger than what it received (no amplification).
    case initiate(nonce: UInt64)
    /// Relay → client: a stateless challenge the client must echo.
    case cookie(nonce: UInt64, cookie: Cookie)
    /// Client → relay: the echoed cookie; `resumeSession` asks to rejoin an existing session (0: new).
    case connect(nonce: UInt64, cookie: Cookie, resumeSession: UInt64)
    /// Relay → client: the session is open.
    case accept(nonce: UInt64, session: UInt64)
    /// Either direction: one fragment of one frame, with piggybacked acknowledgements.
    case data(DataSegment)
    /// Either direction: acknowledgements only; also the keepalive.
    case ack(session: UInt64, ack: Acknowledgement)
    /// Either direction: the session is over.
    case close(session: UInt64, reason: UInt8)
    /// Relay → client: this session is unknown (expired or forged); handshake again.
    case reset(session: UInt64)

    /// Datagram magic: `0x89 'U'`.
    public static let magic: [UInt8] = [0x89, 0x55]
    /// Link protocol version.
    public static let version: UInt8 = 1
    /// Bytes before the per-type fields.
    public static let prefixSize = 4
    /// The exact size of an INIT datagram, padding included.
    public static let initSize = 64
    /// Bytes of DATA header, so the payload of one DATA datagram is at most `Limits.maxDatagramBytes - dataHeaderSize`.
    public static let dataHeaderSize = prefixSize + 8 + 4 + 4 + 4 + 2 + 2
    /// The largest fragment payload one DATA datagram carries.
    public static let maxFragmentPayload = Limits.maxDatagramBytes - dataHeaderSize

    /// The session a datagram belongs to, for those that carry one.
    public var session: UInt64? {
        switch self {
        case .data(let d): return d.session
        case .ack(let s, _), .close(let s, _), .reset(let s): return s
        case .accept(_, let s): return s
        case .initiate, .cookie, .connect: return nil
        }
    }

    var typeCode: UInt8 {
        switch self {
        case .initiate: return 1
        case .cookie: return 2
        case .connect: return 3
        case .accept: return 4
        case .data: return 5
        case .ack: return 6
        case .close: return 7
        case .reset: return 8
        }
    }
}

/// The relay's stateless handshake token: when it was issued and a keyed hash of
/// (client address, issue time, nonce). Only the relay can make or check one.
public struct Cookie: Equatable, Sendable {
    /// Issue time, seconds on the relay's clock.
    public var issued: UInt32
    /// The keyed hash.
    public var mac: UInt64
    public init(issued: UInt32, mac: UInt64) {
        self.issued = issued
        self.mac = mac
    }
}

/// Cumulative and selective acknowledgement.
public struct Acknowledgement: Equatable, Sendable {
    /// Every sequence number up to and including this one has arrived (0: none yet).
    public var cumulative: UInt32
    /// Bit `i` set: sequence number `cumulative + 2 + i` has arrived too.
    public var selective: UInt32
    public init(cumulative: UInt32, selective: UInt32 = 0) {
        self.cumulative = cumulative
        self.selective = selective
    }
}

/// A DATA datagram's fields.
public struct DataSegment: Equatable, Sendable {
    public var session: UInt64
    /// This datagram's sequence number (from 1, one per datagram sent with data).
    public var sequence: UInt32
    /// What the sender has received of the other direction.
    public var ack: Acknowledgement
    /// Which fragment of its frame this is (0-based).
    public var fragmentIndex: UInt16
    /// How many fragments the frame has (1 for an unfragmented frame).
    public var fragmentCount: UInt16
    /// The fragment's bytes.
    public var payload: [UInt8]

    public init(session: UInt64, sequence: UInt32, ack: Acknowledgement, fragmentIndex: UInt16 = 0, fragmentCount: UInt16 = 1, payload: [UInt8]) {
        self.session = session
        self.sequence = sequence
        self.ack = ack
        self.fragmentIndex = fragmentIndex
        self.fragmentCount = fragmentCount
        self.payload = payload
    }
}

extension Datagram {
    /// The most fragments one frame may be split into.
    public static let maxFragments = (Limits.maxFrameBytes + maxFragmentPayload - 1) / maxFragmentPayload

    /// The datagram's bytes.
    public func encoded() -> [UInt8] {
        var w = ByteWriter(capacity: 64)
        w.write(contentsOf: Datagram.magic)
        w.write(Datagram.version)
        w.write(typeCode)
        switch self {
        case .initiate(let nonce):
            w.write(nonce)
            w.write(contentsOf: [UInt8](repeating: 0, count: Datagram.initSize - Datagram.prefixSize - 8))
        case .cookie(let nonce, let cookie):
            w.write(nonce)
            w.write(cookie.issued)
            w.write(cookie.mac)
        case .connect(let nonce, let cookie, let resume):
            w.write(nonce)
            w.write(cookie.issued)
            w.write(cookie.mac)
            w.write(resume)
        case .accept(let nonce, let session):
            w.write(nonce)
            w.write(session)
        case .data(let d):
            w.write(d.session)
            w.write(d.sequence)
            w.write(d.ack.cumulative)
            w.write(d.ack.selective)
            w.write(d.fragmentIndex)
            w.write(d.fragmentCount)
            w.write(contentsOf: d.payload)
        case .ack(let session, let ack):
            w.write(session)
            w.write(ack.cumulative)
            w.write(ack.selective)
        case .close(let session, let reason):
            w.write(session)
            w.write(reason)
        case .reset(let session):
            w.write(session)
        }
        return w.bytes
    }

    /// Decodes one datagram.
    ///
    /// - Throws: `WireError.malformedDatagram` for anything that is not a well-formed Parley
    ///   datagram of at most `Limits.maxDatagramBytes`; `unsupportedVersion` for another link version.
    public static func decode(_ bytes: [UInt8]) throws(WireError) -> Datagram {
        guard bytes.count <= Limits.maxDatagramBytes else { throw .malformedDatagram("longer than \(Limits.maxDatagramBytes) bytes") }
        guard bytes.count >= prefixSize, bytes[0] == magic[0], bytes[1] == magic[1] else { throw .malformedDatagram("no Parley magic") }
        guard bytes[2] == version else { throw .unsupportedVersion(bytes[2]) }
        let type = bytes[3]
        var r = ByteReader(bytes[prefixSize...], type: type)
        do throws(WireError) {
            let datagram: Datagram
            switch type {
            case 1:
                guard bytes.count == initSize else { throw WireError.malformedDatagram("INIT must be exactly \(initSize) bytes") }
                datagram = .initiate(nonce: try r.readUInt64())
                _ = r.readRest()
            case 2:
                datagram = .cookie(nonce: try r.readUInt64(), cookie: Cookie(issued: try r.readUInt32(), mac: try r.readUInt64()))
            case 3:
                let nonce = try r.readUInt64()
                let cookie = Cookie(issued: try r.readUInt32(), mac: try r.readUInt64())
                datagram = .connect(nonce: nonce, cookie: cookie, resumeSession: try r.readUInt64())
            case 4:
                datagram = .accept(nonce: try r.readUInt64(), session: try r.readUInt64())
            case 5:
                let session = try r.readUInt64()
                let sequence = try r.readUInt32()
                let ack = Acknowledgement(cumulative: try r.readUInt32(), selective: try r.readUInt32())
                let index = try r.readUInt16()
                let count = try r.readUInt16()
                guard count >= 1, count <= maxFragments, index < count else {
                    throw WireError.malformedDatagram("fragment \(index) of \(count) is out of range")
                }
                guard sequence != 0 else { throw WireError.malformedDatagram("sequence 0 is reserved") }
                datagram = .data(DataSegment(session: session, sequence: sequence, ack: ack, fragmentIndex: index, fragmentCount: count, payload: r.readRest()))
            case 6:
                let session = try r.readUInt64()
                datagram = .ack(session: session, ack: Acknowledgement(cumulative: try r.readUInt32(), selective: try r.readUInt32()))
            case 7:
                datagram = .close(session: try r.readUInt64(), reason: try r.readUInt8())
            case 8:
                datagram = .reset(session: try r.readUInt64())
            default:
                throw WireError.malformedDatagram("unknown datagram type \(type)")
            }
            try r.finish()
            return datagram
        } catch {
            if case .malformedDatagram = error { throw error }
            throw .malformedDatagram("type \(type): \(error)")
        }
    }
}
