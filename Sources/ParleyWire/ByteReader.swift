/// Reads big-endian integers and length-prefixed strings from a byte slice.
///
/// Every read checks the remaining length first and throws `WireError.truncated`;
/// a reader never allocates more than the bytes it was given.
public struct ByteReader {
    private let bytes: ArraySlice<UInt8>
    private var index: Int
    /// The frame type reported in errors.
    let type: UInt8

    /// Creates a reader over `bytes`; `type` names the frame in errors.
    public init(_ bytes: ArraySlice<UInt8>, type: UInt8) {
        self.bytes = bytes
        self.index = bytes.startIndex
        self.type = type
    }

    /// How many bytes are left.
    public var remaining: Int { bytes.endIndex - index }

    private mutating func take(_ count: Int) throws(WireError) -> ArraySlice<UInt8> {
        guard count <= remaining else { throw .truncated(type: type) }
        defer { index += count }
        return bytes[index..<index + count]
    }

    public mutating func readUInt8() throws(WireError) -> UInt8 { try take(1).first! }

    public mutating func readUInt16() throws(WireError) -> UInt16 {
        try take(2).reduce(0) { $0 << 8 | UInt16($1) }
    }

    public mutating func readUInt32() throws(WireError) -> UInt32 {
        try take(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    public mutating func readUInt64() throws(WireError) -> UInt64 {
        try take(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Reads all remaining bytes.
    public mutating func readRest() -> [UInt8] {
        defer { index = bytes.endIndex }
        return Array(bytes[index...])
    }

    /// Reads a `str8` field, checks its UTF-8 and its byte limit.
    public mutating func readString8(field: String, maxBytes: Int = 255) throws(WireError) -> String {
        let count = Int(try readUInt8())
        return try decodeString(try take(count), field: field, maxBytes: maxBytes)
    }

    /// Reads a `str16` field, checks its UTF-8 and its byte limit.
    public mutating func readString16(field: String, maxBytes: Int) throws(WireError) -> String {
        let count = Int(try readUInt16())
        return try decodeString(try take(count), field: field, maxBytes: maxBytes)
    }

    private func decodeString(_ raw: ArraySlice<UInt8>, field: String, maxBytes: Int) throws(WireError) -> String {
        guard raw.count <= maxBytes else { throw .textTooLong(field: field, bytes: raw.count) }
        guard let string = String(validating: raw, as: UTF8.self) else { throw .invalidUTF8(field: field) }
        return string
    }

    /// Throws unless every byte was consumed.
    public func finish() throws(WireError) {
        guard remaining == 0 else { throw .trailingBytes(type: type) }
    }
}
