import Testing
@testable import ParleyWire

@Suite struct NickTests {
    @Test(arguments: ["a", "alice", "Bob_2", "x.y-z", String(repeating: "n", count: 32)])
    func validNicks(_ nick: String) { #expect(Nick.isValid(nick)) }

    @Test(arguments: ["", "has space", "ünï", "tab\t", String(repeating: "n", count: 33), "emoji😀", "semi;colon"])
    func invalidNicksSayWhy(_ nick: String) { #expect(Nick.problem(with: nick) != nil) }

    @Test func foldingIgnoresCaseOnly() {
        #expect(Nick.folded("AlIcE") == Nick.folded("alice"))
        #expect(Nick.folded("alice") != Nick.folded("alice_"))
    }
}
