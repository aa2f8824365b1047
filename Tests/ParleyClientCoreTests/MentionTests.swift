import Testing

@testable import ParleyClientCore

@Suite struct MentionTests {
    @Test(arguments: ["alice", "hi alice", "ALICE: ping", "@Alice!", "thanks, alice.", "alice's turn", "(alice)"])
    func findsTheNickAsAWord(text: String) {
        #expect(Mention.text(text, mentions: "alice"))
    }

    @Test(arguments: ["malice", "alice_2", "alicex", "ali ce", "", "alic"])
    func ignoresTheNickInsideOtherWords(text: String) {
        #expect(!Mention.text(text, mentions: "alice"))
    }

    @Test func anEmptyNickMentionsNothing() {
        #expect(!Mention.text("anything", mentions: ""))
    }
}
