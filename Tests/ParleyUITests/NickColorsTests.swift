import Testing
@testable import ParleyUI

struct NickColorsTests {
    @Test func sameNickSameColourIgnoringCase() {
        #expect(NickColors.style(for: "alice") == NickColors.style(for: "alice"))
        #expect(NickColors.style(for: "Alice") == NickColors.style(for: "alice"))
    }

    @Test func hashIsFixedAcrossRuns() {
        // FNV-1a of "a" is a published constant.
        #expect(NickColors.hash("a") == 0xE40C_292C)
    }

    @Test func nicksSpreadOverThePalette() {
        let styles = Set((0..<60).map { NickColors.style(for: "user\($0)") })
        #expect(styles.count >= 8)
        #expect(styles.allSatisfy { NickColors.palette.contains($0) })
    }
}
