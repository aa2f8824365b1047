import ParleyWire
import Testing

@testable import ParleyClientCore

@Suite struct NickSuggestionTests {
    @Test(arguments: [
        ("alice", "alice"),
        ("John Smith", "John_Smith"),
        ("josé", "jos"),
        ("  weird!!name  ", "weird_name"),
        ("日本", ""),
        ("", ""),
    ])
    func sanitizesLoginNames(login: String, expected: String) {
        #expect(NickSuggestion.nick(fromLoginName: login) == expected)
    }

    @Test func cutsLongNamesToTheLimit() {
        let nick = NickSuggestion.nick(fromLoginName: String(repeating: "x", count: 100))
        #expect(nick.count == Limits.maxNickLength)
        #expect(Nick.isValid(nick))
    }
}
