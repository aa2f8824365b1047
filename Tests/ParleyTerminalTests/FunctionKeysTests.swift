import CNcurses
import ParleyUI
import Testing
@testable import ParleyTerminal

struct FunctionKeysTests {
    @Test func mapsTheKeysParleyUses() {
        #expect(FunctionKeys.key(for: KEY_PPAGE) == .pageUp)
        #expect(FunctionKeys.key(for: KEY_NPAGE) == .pageDown)
        #expect(FunctionKeys.key(for: KEY_BACKSPACE) == .backspace)
        #expect(FunctionKeys.key(for: KEY_DC) == .delete)
        #expect(FunctionKeys.key(for: KEY_RESIZE) == .resize)
        #expect(FunctionKeys.key(for: KEY_F0) == nil)
    }
}
