import ParleyWire

/// Makes and checks the relay's stateless handshake cookies.
///
/// A cookie is the issue time in seconds plus SipHash-2-4, keyed by the relay secret, over the
/// client's address, that time and the client's nonce. Checking one needs no stored state, so the
/// relay can answer any number of INITs without allocating anything.
struct CookieAuthority: Sendable {
    private let hasher: SipHash
    private let lifetimeSeconds: UInt64

    init(secret: [UInt8], lifetime: Duration) {
        hasher = SipHash(key: secret)
        lifetimeSeconds = max(1, lifetime.nanoseconds / 1_000_000_000)
    }

    /// A cookie for `nonce` from `address`, issued at `now` (monotonic nanoseconds).
    func cookie(nonce: UInt64, address: LinkAddress, now: UInt64) -> Cookie {
        let issued = UInt32(truncatingIfNeeded: now / 1_000_000_000)
        return Cookie(issued: issued, mac: mac(nonce: nonce, address: address, issued: issued))
    }

    /// Whether `cookie` was made by this relay for this nonce and address, and has not expired.
    func isValid(_ cookie: Cookie, nonce: UInt64, address: LinkAddress, now: UInt64) -> Bool {
        let nowSeconds = UInt32(truncatingIfNeeded: now / 1_000_000_000)
        let age = nowSeconds &- cookie.issued  // wraps to a huge age for cookies "from the future"
        guard UInt64(age) <= lifetimeSeconds else { return false }
        return cookie.mac == mac(nonce: nonce, address: address, issued: cookie.issued)
    }

    private func mac(nonce: UInt64, address: LinkAddress, issued: UInt32) -> UInt64 {
        var w = ByteWriter(capacity: address.bytes.count + 13)
        w.write(UInt8(truncatingIfNeeded: address.bytes.count))
        w.write(contentsOf: address.bytes)
        w.write(issued)
        w.write(nonce)
        return hasher.hash(w.bytes)
    }
}
