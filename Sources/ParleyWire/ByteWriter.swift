/// Appends big-endian integers and length-prefixed strings to a byte array.
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// Creates a writer, optionally reserving capacity.
    public init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func write(_ value: UInt8) { bytes.append(value) }

    public mutating func write(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    public mutating func write(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    public mutating func write(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    public mutating func write<C: Collection>(contentsOf raw: C) where C.Element == UInt8 { bytes.append(contentsOf: raw) }

    /// Writes a `str8`: one length byte, then at most 255 bytes of UTF-8 (longer input is cut at a scalar boundary).
    public mutating func writeString8(_ string: String) {
        let count = Self.fittingCount(of: string, maxBytes: 255)
        write(UInt8(count))
        appendUTF8(of: string, count: count)
    }

    /// Writes a `str16`: a two-byte length, then at most 65535 bytes of UTF-8 (longer input is cut at a scalar boundary).
    public mutating func writeString16(_ string: String) {
        let count = Self.fittingCount(of: string, maxBytes: 65_535)
        write(UInt16(count))
        appendUTF8(of: string, count: count)
    }

    /// The first `count` bytes of `string`'s UTF-8; the whole string is copied in one go.
    private mutating func appendUTF8(of string: String, count: Int) {
        if count == string.utf8.count {
            bytes.append(contentsOf: string.utf8)
        } else {
            bytes.append(contentsOf: string.utf8.prefix(count))
        }
    }

    /// Replaces the four bytes at `offset` (already written) with `value`, big-endian: a length
    /// known only once what it counts has been written.
    public mutating func overwrite(_ value: UInt32, at offset: Int) {
        precondition(offset >= 0 && offset + 4 <= bytes.count, "overwrite past the bytes written")
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> UInt32(24 - 8 * index)) }
    }

    /// How many bytes of `string`'s UTF-8 fit in `maxBytes` without splitting a scalar.
    static func fittingCount(of string: String, maxBytes: Int) -> Int {
        let utf8 = string.utf8
        guard utf8.count > maxBytes else { return utf8.count }
        var end = utf8.index(utf8.startIndex, offsetBy: maxBytes)
        while end > utf8.startIndex, utf8[end] & 0xC0 == 0x80 { utf8.formIndex(before: &end) }
        return utf8.distance(from: utf8.startIndex, to: end)
    }
}
