/// A message that travels as the body of one frame: `ClientMessage` (client → relay) or
/// `RelayMessage` (relay → client).
///
/// The two directions are separate types, so neither side has to handle a case that cannot
/// reach it. Both share the frame layout of PROTOCOL.md §2.2 and the incremental `FrameDecoder`.
public protocol WireMessage: Equatable, Sendable {
    /// The frame type code of this message.
    var typeCode: UInt8 { get }
    /// Writes the body only, without the frame header.
    func encodeBody(into writer: inout ByteWriter)
    /// Decodes one frame body of the given type.
    ///
    /// - Throws: `WireError` for an unknown type, a short body, invalid UTF-8, an over-limit
    ///   field or an undefined enum value. Bytes after the last known field are skipped (a later
    ///   revision may append fields). Never allocates more than `body.count` bytes.
    static func decode(type: UInt8, body: ArraySlice<UInt8>) throws(WireError) -> Self
}

extension WireMessage {
    /// The complete frame for this message: header and body.
    ///
    /// Strings longer than their limits are cut at a scalar boundary rather than trapping;
    /// callers validate user input before they get here.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 64)
        encode(into: &writer)
        return writer.bytes
    }

    /// Appends this message's complete frame to `writer`: the body is written in place and its
    /// length patched in.
    public func encode(into writer: inout ByteWriter) {
        let start = writer.bytes.count
        writer.write(UInt32(0))
        writer.write(typeCode)
        encodeBody(into: &writer)
        writer.overwrite(UInt32(writer.bytes.count - start - FrameHeader.size), at: start)
    }

    /// Decodes one complete frame (header and body) held in `frame`.
    public static func decode(frame: [UInt8]) throws(WireError) -> Self {
        var decoder = FrameDecoder<Self>(expectsPreamble: false)
        decoder.append(frame)
        guard let message = try decoder.next(), decoder.bufferedByteCount == 0 else {
            throw .truncated(type: frame.count > 4 ? frame[4] : 0)
        }
        return message
    }
}

extension ByteReader {
    /// Reads an enum stored as its raw value; an undefined value is `WireError.invalidValue`.
    mutating func readEnum<E: RawRepresentable>(_: E.Type, field: String) throws(WireError) -> E where E.RawValue == UInt8 {
        let raw = try readUInt8()
        guard let value = E(rawValue: raw) else { throw .invalidValue(field: field, value: UInt64(raw)) }
        return value
    }

    /// Reads a page flag: 1 for the last page, 0 for more to come.
    mutating func readFinal() throws(WireError) -> Bool {
        let final = try readUInt8()
        guard final <= 1 else { throw .invalidValue(field: "final", value: UInt64(final)) }
        return final == 1
    }

    /// Reads a `u16` entry count and checks, before anything is reserved, that it is within
    /// `limit` and that the rest of the body can hold that many entries of `minimumSize` bytes.
    mutating func readCount(field: String, limit: Int, minimumSize: Int) throws(WireError) -> Int {
        let count = Int(try readUInt16())
        guard count <= limit else { throw .invalidValue(field: field, value: UInt64(count)) }
        guard count * minimumSize <= remaining else { throw .truncated(type: type) }
        return count
    }
}
