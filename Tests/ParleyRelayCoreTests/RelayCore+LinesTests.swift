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
        #expect(chats.map(\.to) == [.room(RoomName.lobby), .user("alice"), .room(RoomName.lobby)])
        #expect(chats.allSatisfy { $0.from == "typist" })
        _ = relay.take(nc)
        relay.type(nc, "/who")
        #expect(relay.take(nc).contains { if case .roster = $0 { return true } else { return false } })
        relay.type(nc, "/frobnicate")
        #expect(relay.errors(nc).map(\.code) == [.unknownRequest])
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

@Suite struct RelayCoreLineRoomsTests {
    @Test func aLineClientHasACurrentRoomAndSeesOtherRoomsWithTheirName() {
        var relay = RelayHarness(RelaySettings(rate: 0))
        let alice = relay.framedClient("alice")
        let nc = relay.lineClient(typing: "/nick typist")
        relay.join(alice, "#dev")
        relay.type(nc, "/join #dev")
        relay.type(nc, "hello dev")  // goes to the current room, #dev
        #expect(relay.chats(alice).last?.to == .room("#dev"))
        _ = relay.take(nc)
        relay.submit(alice, key: 1, "in the lobby")
        relay.submit(alice, key: 2, "in dev", room: "#dev")
        // The lobby line is shown with its room; the #dev one (current) is not.
        #expect(relay.shownWithRoom[nc]?.count == 1)
        #expect(relay.chats(nc).map(\.text) == ["in the lobby", "in dev"])
        let formatter = relay.core.lineFormatter
        guard case .chat(let chat) = relay.shownWithRoom[nc]?.first else {
            Issue.record("no chat shown with its room")
            return
        }
        #expect(formatter.text(for: .chat(chat), showingRoom: true)?.hasSuffix("#lobby <alice> in the lobby\n") == true)
    }

    @Test func partQueryAndCloseForALineClient() {
        var relay = RelayHarness(RelaySettings(rate: 0))
        let alice = relay.framedClient("alice")
        let nc = relay.lineClient(typing: "/nick typist")
        relay.type(nc, "/join #dev")
        relay.type(nc, "/part")  // the current room: #dev
        #expect(relay.core.rooms(of: nc) == [RoomName.lobby])
        relay.type(nc, "/query alice")
        relay.type(nc, "just us")
        #expect(relay.chats(alice).last?.to == .user("alice"))
        relay.type(nc, "/close")
        relay.type(nc, "everyone")
        #expect(relay.chats(alice).last?.to == .room(RoomName.lobby))
        relay.type(nc, "/part #lobby")
        _ = relay.take(nc)
        relay.type(nc, "into the void")
        #expect(relay.take(nc) == [.notice("you are in no room; /join one (/list shows them)")])
        relay.type(nc, "/list")
        #expect(relay.take(nc).contains { if case .rooms = $0 { return true } else { return false } })
        relay.type(nc, "/topic")
        #expect(relay.take(nc) == [.notice("you are in no room")])
    }

    @Test func aLineClientSetsAndReadsTheTopicOfItsCurrentRoom() {
        var relay = RelayHarness(RelaySettings(rate: 0))
        let alice = relay.framedClient("alice")
        let nc = relay.lineClient(typing: "/topic all things parley")
        _ = relay.take(alice)
        _ = relay.take(nc)
        relay.type(nc, "/topic")
        guard case .topic(let topic) = relay.take(nc).first else {
            Issue.record("no TOPIC")
            return
        }
        #expect(topic.text == "all things parley")
        #expect(relay.core.lineFormatter.text(for: .topic(topic))?.contains("all things parley") == true)
    }
}
