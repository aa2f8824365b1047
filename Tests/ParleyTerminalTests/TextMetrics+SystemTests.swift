import Glibc
import ParleyUI
import Testing
@testable import ParleyTerminal

/// The built-in width table (used by the pure tests) must measure like libc `wcwidth`
/// (used by ncurses), or the pure tests would prove nothing about the real screen.
struct TextMetricsSystemTests {
    static let samples: [UInt32] = [
        0x41, 0x7A, 0xE9, 0x0416, 0x05D0,  // Latin, Cyrillic, Hebrew
        0x4E00, 0x4E2D, 0x6587, 0x9FA5, 0x3400, 0x20000, 0x2A6D6,  // CJK ideographs
        0xAC00, 0xD55C, 0xD7A3, 0x1100, 0x1160, 0x11A8,  // Hangul syllables and jamo
        0x3042, 0x3093, 0x30A2, 0x30F3, 0x30FC, 0xFF66,  // kana (and halfwidth katakana)
        0xFF01, 0xFF21, 0xFF5E, 0x3000, 0x3001, 0x3002, 0xFF0C,  // fullwidth forms, CJK punctuation
        0x1F600, 0x1F44D, 0x1F680, 0x1F389, 0x2705, 0x231A, 0x1F3FD,  // emoji
        0x2764, 0x263A, 0x1F1EF, 0x00A9,  // text-presentation symbols, regional indicator
        0x0301, 0x0308, 0x20DD, 0x200D, 0xFE0F, 0x200B, 0x3099,  // combining and format characters
        0x00AD, 0x2500, 0x2502, 0x00AB, 0x2026, 0x23CE, 0x2713, 0x2717, 0x25CC, 0xFFFD, 0x240D, 0x241B,
    ]

    @Test(arguments: samples)
    func tableAgreesWithWcwidth(value: UInt32) throws {
        _ = setlocale(LC_ALL, "C.UTF-8")
        let scalar = try #require(Unicode.Scalar(value))
        let system = TextMetrics.system.scalarWidth(scalar)
        let table = TextMetrics.table.scalarWidth(scalar)
        #expect(system == table, "U+\(String(value, radix: 16, uppercase: true)): wcwidth \(system), table \(table)")
    }

    @Test func graphemeWidthsAgree() {
        _ = setlocale(LC_ALL, "C.UTF-8")
        for text in ["你好世界", "こんにちは", "한국어", "e\u{301}", "👍🏽", "👨‍👩‍👧", "❤️", "🇯🇵", "ｆｕｌｌ"] {
            #expect(TextMetrics.system.width(of: text) == TextMetrics.table.width(of: text), "\(text)")
        }
    }
}
