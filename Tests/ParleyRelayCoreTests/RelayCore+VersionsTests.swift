import ParleyWire
import Testing

@testable import ParleyRelayCore

@Suite struct RelayCoreVersionsTests {
    @Test func aVersion1ClientIsRefusedInVersion1sOwnTermsAndClosed() {
        var relay = RelayHarness()
        let id = relay.newID()
        relay.run(.streamOpened(id, from: "x", now: relay.now))
        relay.send(id, Preamble.bytes(version: 1) + [0, 0, 0, 0, 0x30])  // v1 preamble, then v1's WHO
        #expect(relay.rawBytes[id] == LegacyRefusal.stream)
        #expect(relay.identified[id] == nil)  // no v2 preamble
        #expect(relay.closed == [id])
        #expect(LegacyRefusal.text.contains("version 2") && LegacyRefusal.text.contains("version 1"))
    }

    @Test func aLaterVersionGetsAVersion2RefusalNamingBoth() {
        var relay = RelayHarness()
        let id = relay.newID()
        relay.run(.streamOpened(id, from: "x", now: relay.now))
        relay.send(id, Preamble.bytes(version: 3))
        #expect(relay.identified[id] == .tcp)
        let error = relay.errors(id).first
        #expect(error?.code == .unsupportedVersion)
        #expect(error?.text.contains("version 2") == true && error?.text.contains("version 3") == true)
        #expect(relay.closed == [id])
    }

    @Test func aPreambleArrivingByteByByteIsIdentifiedOnlyWhenWhole() {
        var relay = RelayHarness()
        let id = relay.newID()
        relay.run(.streamOpened(id, from: "x", now: relay.now))
        for byte in Preamble.bytes.dropLast() { relay.send(id, [byte]) }
        #expect(relay.identified[id] == nil)
        relay.send(id, [Preamble.bytes.last!])
        #expect(relay.identified[id] == .tcp)
    }

    @Test func aHalfPreambleThatStallsTimesOutAsAHandshake() {
        var relay = RelayHarness()
        let id = relay.newID()
        relay.run(.streamOpened(id, from: "x", now: relay.now))
        relay.send(id, [0x89, 0x50])
        relay.advance(relay.core.settings.detectionDelay + 1)
        #expect(relay.closed.isEmpty)  // not taken for a line client
        relay.advance(relay.core.settings.handshakeTimeout)
        #expect(relay.closed == [id])
    }

    @Test func aVersion1HelloOverTheLinkIsRefusedInVersion1sTerms() {
        var relay = RelayHarness()
        let id = relay.newID()
        relay.run(.linkOpened(id, from: "x", now: relay.now))
        // v1 HELLO: type 0x01, nick "old", resumeAfter, history, token.
        let body: [UInt8] = [3] + Array("old".utf8) + [UInt8](repeating: 0, count: 8) + [0, 50] + [UInt8](repeating: 0, count: 8)
        relay.run(.linkFrame(id, [0, 0, 0, UInt8(body.count), 0x01] + body, now: relay.now))
        #expect(relay.rawBytes[id] == LegacyRefusal.frame)
        #expect(relay.closed == [id])
    }

    @Test func aNickOverTheLimitInHelloIsAnInvalidNickWithHellosIDAndCloses() {
        var relay = RelayHarness()
        let id = relay.newID()
        relay.run(.streamOpened(id, from: "x", now: relay.now))
        let hello = Hello(request: 77, nick: String(repeating: "n", count: Limits.maxNickLength + 1))
        relay.send(id, Preamble.bytes + ClientMessage.hello(hello).encoded())
        #expect(relay.errors(id).map(\.code) == [.invalidNick])
        #expect(relay.errors(id).first?.request == 77)
        #expect(relay.closed == [id])
    }

    @Test func aNickOverTheLimitInNickIsAnInvalidNick() {
        var relay = RelayHarness()
        let alice = relay.framedClient("alice")
        relay.send(alice, .nick(NickChange(request: 5, nick: String(repeating: "n", count: 33))))
        #expect(relay.errors(alice).map(\.code) == [.invalidNick])
        #expect(relay.errors(alice).first?.request == 5)
    }

    @Test func anUndecodableHelloClosesTheConnection() {
        var relay = RelayHarness()
        let id = relay.newID()
        relay.run(.streamOpened(id, from: "x", now: relay.now))
        relay.send(id, Preamble.bytes + [0, 0, 0, 10, ClientMessage.Kind.hello.rawValue, 0, 0, 0, 0, 0, 0, 0, 9, 0xFF, 0xFF])
        #expect(relay.errors(id).first?.request == 9)
        #expect(relay.closed == [id])
    }

    /// SUBMIT bodies the decoder refuses, built by hand: each refusal must name the SUBMIT.
    static func submitBody(key: UInt64, kind: UInt8 = 1, destinationKind: UInt8 = 1, to name: [UInt8], text: [UInt8]) -> [UInt8] {
        var w = ByteWriter()
        w.write(key)
        w.write(kind)
        w.write(destinationKind)
        w.write(UInt8(name.count))
        w.write(contentsOf: name)
        w.write(UInt16(text.count))
        w.write(contentsOf: text)
        return [0, 0, UInt8(w.bytes.count >> 8), UInt8(w.bytes.count & 0xFF), ClientMessage.Kind.submit.rawValue] + w.bytes
    }

    @Test func refusedSubmissionsCarryTheirOwnRequestID() {
        var relay = RelayHarness(RelaySettings(rate: 0))
        let alice = relay.framedClient("alice")
        let lobby = Array(RoomName.lobby.utf8)
        relay.send(alice, Self.submitBody(key: 101, to: lobby, text: [UInt8](repeating: 0x61, count: Limits.maxTextBytes + 1)))
        relay.send(alice, Self.submitBody(key: 102, to: lobby, text: [0x68, 0xC3, 0x28]))
        relay.send(alice, Self.submitBody(key: 103, destinationKind: 2, to: [UInt8](repeating: 0x62, count: 40), text: Array("hi".utf8)))
        relay.send(alice, Self.submitBody(key: 104, kind: 9, to: lobby, text: Array("hi".utf8)))
        relay.send(alice, Self.submitBody(key: 105, destinationKind: 7, to: lobby, text: Array("hi".utf8)))
        #expect(relay.errors(alice).map(\.request) == [101, 102, 103, 104, 105])
        #expect(relay.errors(alice).map(\.code) == [.textTooLong, .invalidUTF8, .noSuchNick, .invalidValue, .invalidValue])
        #expect(relay.closed.isEmpty)
    }

    @Test func trailingFieldsFromALaterRevisionAreSkipped() {
        var relay = RelayHarness(RelaySettings(rate: 0))
        let alice = relay.framedClient("alice")
        var frame = ClientMessage.submit(Submit(request: 9, text: "hi")).encoded()
        frame += [1, 2, 3]
        frame[3] &+= 3
        relay.send(alice, frame)
        #expect(relay.chats(alice).map(\.text) == ["hi"])
        #expect(relay.errors(alice).isEmpty)
    }
}
