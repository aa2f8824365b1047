import Testing

@testable import ParleyWire

/// What a version 1 peer gets must be readable by version 1's decoder: its ERROR is type `0x40`
/// with `code: u16`, `key: u64`, `text: str16` (version 2's ERROR puts the request id first).
/// The layout is checked here by hand, not with version 2's types.
@Suite struct LegacyRefusalTests {
    @Test func frameDecodesAsAVersionOneError() throws {
        let frame = LegacyRefusal.frame
        let length = frame[0..<4].reduce(0) { $0 << 8 | Int($1) }
        #expect(length == frame.count - 5)
        #expect(frame[4] == 0x40)
        let code = UInt16(frame[5]) << 8 | UInt16(frame[6])
        #expect(code == 2)  // unsupported version, in version 1 too
        let key = frame[7..<15].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(key == 0)
        let textLength = Int(frame[15]) << 8 | Int(frame[16])
        #expect(17 + textLength == frame.count)  // version 1 refused trailing bytes: there are none
        let text = try #require(String(validating: frame[17...], as: UTF8.self))
        #expect(text == LegacyRefusal.text)
        #expect(textLength <= Limits.maxDetailBytes)
    }

    @Test func textNamesBothVersions() {
        #expect(LegacyRefusal.text.contains("version 2"))
        #expect(LegacyRefusal.text.contains("version 1"))
    }

    @Test func streamIsVersionOnesPreambleThenTheFrame() {
        #expect(LegacyRefusal.stream == [0x89, 0x50, 0x52, 0x4C, 0x01] + LegacyRefusal.frame)
        #expect(Preamble.legacyVersion == 1 && Preamble.version == 2)
        #expect(Preamble.bytes(version: 1) == [0x89, 0x50, 0x52, 0x4C, 0x01])
    }
}
