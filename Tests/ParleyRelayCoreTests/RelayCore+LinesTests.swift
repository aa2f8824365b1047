import ParleyWire
import Testing

@testable import ParleyRelayCore

@Suite struct RelayCoreLinesTests {
    @Test func lineClientCommands() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        let nc = relay.lineClient(typing: "/nick typist")
        _ = relay.take(alice)
        relay.type(nc, "/me waves")
        relay.type(nc, "/msg alice psst")
        relay.type(nc, "//slash")
        relay.type(nc, "   ")
        let chats = relay.chats(alice)
        #expect(chats.map(\.kind) == [.action, .text, .text])
        #expect(chats.map(\.text) == ["waves", "psst", "/slash"])
        #expect(chats.map(\.target) == ["", "alice", ""])
        #expect(chats.allSatisfy { $0.from == "typist" })
        _ = relay.take(nc)
        relay.type(nc, "/who")
        #expect(relay.take(nc).contains { if case .roster = $0 { return true } else { return false } })
        relay.type(nc, "/frobnicate")
        #expect(relay.errors(nc).map(\.code) == [.protocolViolation])
        relay.type(nc, "/quit off to bed")
        #expect(relay.closed == [nc])
        #expect(relay.inbox[alice]?.last == .left(Left(nick: "typist", reason: .quit, detail: "off to bed", time: relay.now)))
    }

    @Test func carriageReturnsAreStripped() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        let nc = relay.lineClient()
        relay.send(nc, Array("one\r\ntwo\r\n".utf8))
        #expect(relay.chats(alice).map(\.text) == ["one", "two"])
    }

    @Test func overlongLineIsRefusedWithoutBufferingIt() {
        var relay = RelayHarness(RelaySettings(maxLineBytes: 100))
        let alice = relay.framedClient("alice")
        let nc = relay.lineClient(typing: "hi")
        for _ in 0..<100 { relay.send(nc, Array(repeating: UInt8(ascii: "x"), count: 1000)) }
        relay.send(nc, Array("\nafter\n".utf8))
        #expect(relay.errors(nc).map(\.code) == [.textTooLong])
        #expect(relay.chats(alice).map(\.text) == ["hi", "after"])
    }
}
