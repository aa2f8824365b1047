/// SipHash-2-4 (Aumasson and Bernstein): a fast keyed hash, used to sign relay cookies and to
/// derive session ids and resume tokens that only the relay can predict.
public struct SipHash: Sendable {
    let k0: UInt64
    let k1: UInt64

    /// Builds the hash from a key; bytes beyond 16 are ignored and missing bytes count as zero.
    public init(key: [UInt8]) {
        var a: UInt64 = 0
        var b: UInt64 = 0
        for i in 0..<8 where i < key.count { a |= UInt64(key[i]) << UInt64(8 * i) }
        for i in 0..<8 where i + 8 < key.count { b |= UInt64(key[i + 8]) << UInt64(8 * i) }
        k0 = a
        k1 = b
    }

    /// The 64-bit SipHash-2-4 of `message`.
    public func hash(_ message: [UInt8]) -> UInt64 {
        var v0: UInt64 = k0 ^ 0x736f_6d65_7073_6575
        var v1: UInt64 = k1 ^ 0x646f_7261_6e64_6f6d
        var v2: UInt64 = k0 ^ 0x6c79_6765_6e65_7261
        var v3: UInt64 = k1 ^ 0x7465_6462_7974_6573

        func round() {
            v0 &+= v1; v1 = rotate(v1, 13); v1 ^= v0; v0 = rotate(v0, 32)
            v2 &+= v3; v3 = rotate(v3, 16); v3 ^= v2
            v0 &+= v3; v3 = rotate(v3, 21); v3 ^= v0
            v2 &+= v1; v1 = rotate(v1, 17); v1 ^= v2; v2 = rotate(v2, 32)
        }
        func absorb(_ m: UInt64) {
            v3 ^= m
            round()
            round()
            v0 ^= m
        }

        let whole = message.count / 8 * 8
        var i = 0
        while i < whole {
            var m: UInt64 = 0
            for j in 0..<8 { m |= UInt64(message[i + j]) << UInt64(8 * j) }
            absorb(m)
            i += 8
        }
        var last = UInt64(truncatingIfNeeded: message.count) << 56
        for j in 0..<(message.count - whole) { last |= UInt64(message[whole + j]) << UInt64(8 * j) }
        absorb(last)
        v2 ^= 0xFF
        for _ in 0..<4 { round() }
        return v0 ^ v1 ^ v2 ^ v3
    }

    private func rotate(_ x: UInt64, _ b: UInt64) -> UInt64 { (x << b) | (x >> (64 - b)) }
}
