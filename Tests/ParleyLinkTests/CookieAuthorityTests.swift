@testable import ParleyLink
import Testing

@Suite struct CookieAuthorityTests {
    let authority = CookieAuthority(secret: Array(0..<16), lifetime: .seconds(30))
    let address = LinkAddress(ipv4: (192, 0, 2, 1), port: 9000)
    let t0: UInt64 = 7_000_000_000_000

    @Test func validWithinItsLifetimeOnly() {
        let cookie = authority.cookie(nonce: 1, address: address, now: t0)
        #expect(authority.isValid(cookie, nonce: 1, address: address, now: t0))
        #expect(authority.isValid(cookie, nonce: 1, address: address, now: t0 + 30_000_000_000))
        #expect(!authority.isValid(cookie, nonce: 1, address: address, now: t0 + 31_000_000_000))
        #expect(!authority.isValid(cookie, nonce: 1, address: address, now: t0 - 2_000_000_000))
    }

    @Test func boundToNonceAddressAndSecret() {
        let cookie = authority.cookie(nonce: 1, address: address, now: t0)
        #expect(!authority.isValid(cookie, nonce: 2, address: address, now: t0))
        #expect(!authority.isValid(cookie, nonce: 1, address: LinkAddress(ipv4: (192, 0, 2, 1), port: 9001), now: t0))
        let other = CookieAuthority(secret: Array(1..<17), lifetime: .seconds(30))
        #expect(!other.isValid(cookie, nonce: 1, address: address, now: t0))
    }
}
