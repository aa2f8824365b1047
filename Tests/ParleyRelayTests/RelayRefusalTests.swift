import ParleyRelay
import ParleyTestSupport
import ParleyWire
import Testing

/// What the relay refuses, live: other protocol versions, a bad HELLO, bad SUBMITs, requests of
/// unknown types. Every refusal names the request it refuses.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct RelayRefusalTests {
    /// Everything the relay sends until it closes the connection; `nil` if it has not closed it
    /// within `timeout` seconds.
    static func readToEnd(_ socket: LoopbackSocket, timeout: Double = 5) throws -> [UInt8]? {
        let deadline = TestClock.seconds() + timeout
        var bytes: [UInt8] = []
        while TestClock.seconds() < deadline {
            guard let chunk = try socket.receive(timeout: 0.05) else { continue }
            if chunk.isEmpty { return bytes }
            bytes += chunk
        }
        return nil
    }

    /// A big-endian integer of `count` bytes at `offset`.
    static func integer(_ bytes: [UInt8], at offset: Int, count: Int) -> UInt64 {
        bytes[offset..<offset + count].reduce(0) { $0 << 8 | UInt64($1) }
    }

    @Test func aVersionOneClientIsRefusedInVersionOnesOwnLayoutAndClosed() throws {
        let relay = try startRelay()
        defer { relay.shutdown() }
        let socket = try LoopbackSocket.tcp(port: relay.port)
        // Version 1's preamble and the start of its HELLO (type 0x01).
        try socket.send(Preamble.bytes(version: 1) + [0, 0, 0, 4, 0x01, 0, 0, 0, 0])
        let reply = try #require(try Self.readToEnd(socket), "the relay did not close the connection")

        // Version 1's preamble, then one v1 ERROR frame: u32 length, type 0x40, then
        // code: u16, key: u64, text: str16. Nothing after it.
        try #require(reply.count >= 10 + 12)
        #expect(Array(reply[0..<5]) == Preamble.magic + [1])
        let length = Int(Self.integer(reply, at: 5, count: 4))
        #expect(reply[9] == 0x40)
        #expect(reply.count == 10 + length)
        #expect(Self.integer(reply, at: 10, count: 2) == 2)  // unsupported version
        #expect(Self.integer(reply, at: 12, count: 8) == 0)
        let textLength = Int(Self.integer(reply, at: 20, count: 2))
        #expect(length == 2 + 8 + 2 + textLength)
        try #require(reply.count >= 22 + textLength)
        let text = String(decoding: reply[22..<22 + textLength], as: UTF8.self)
        #expect(text.contains("version 2") && text.contains("version 1"), "\(text)")
    }

    @Test func anotherUnknownVersionIsRefusedInVersionTwoTermsAndClosed() throws {
        let relay = try startRelay()
        defer { relay.shutdown() }
        let peer = try FramedPeer(port: relay.port, nick: nil)
        try peer.socket.send(Preamble.bytes(version: 9))
        #expect(try peer.waitUntil { peer.isClosedByRelay })
        #expect(peer.errors.map(\.code) == [.unsupportedVersion])
        let text = peer.errors.first?.text ?? ""
        #expect(text.contains("9") && text.contains("2"), "the refusal does not name both versions: \(text)")
    }

    @Test func aNickOfThirtyThreeCharactersIsRefusedWithHellosRequestAndClosed() throws {
        let relay = try startRelay()
        defer { relay.shutdown() }
        let peer = try FramedPeer(port: relay.port, nick: String(repeating: "n", count: 33), request: 4242)
        #expect(try peer.waitUntil { peer.isClosedByRelay })
        #expect(peer.errors.map(\.code) == [.invalidNick])
        #expect(peer.errors.map(\.request) == [4242])
        #expect(peer.welcome == nil)
    }

    @Test func refusedSubmissionsCarryTheirOwnRequestIDs() throws {
        let relay = try startRelay()
        defer { relay.shutdown() }
        let alice = try FramedPeer(port: relay.port, nick: "alice")
        #expect(try alice.joined())

        let tooLong = try alice.say(String(repeating: "a", count: Limits.maxTextBytes + 1))
        // Invalid UTF-8 cannot be written by the encoder: the frame is written by hand.
        let badUTF8 = alice.makeRequestID()
        var frame = ByteWriter()
        frame.write(UInt32(0))
        frame.write(ClientMessage.Kind.submit.rawValue)
        frame.write(badUTF8)
        frame.write(MessageKind.text.rawValue)
        frame.write(UInt8(1))  // to a room
        frame.writeString8(lobby)
        frame.write(UInt16(3))
        frame.write(contentsOf: [0xC3, 0x28, 0x41])
        frame.overwrite(UInt32(frame.bytes.count - FrameHeader.size), at: 0)
        try alice.send(frame: frame.bytes)
        let longRoom = try alice.say("hi", to: .room("#" + String(repeating: "r", count: 39)))
        let longNick = try alice.say("hi", to: .user(String(repeating: "u", count: 40)))
        let fine = try alice.say("still here")

        let refused = [tooLong, badUTF8, longRoom, longNick]
        #expect(try alice.waitUntil { refused.allSatisfy { !alice.errors(for: $0).isEmpty } && alice.echoed.contains(fine) })
        #expect(alice.errors(for: tooLong).map(\.code) == [.textTooLong])
        #expect(alice.errors(for: badUTF8).map(\.code) == [.invalidUTF8])
        // A name no room or nick can have: there is no such room, or no such nick (PROTOCOL.md).
        #expect(alice.errors(for: longRoom).map(\.code) == [.noSuchRoom])
        #expect(alice.errors(for: longNick).map(\.code) == [.noSuchNick])
        #expect(alice.errors.count == refused.count)
        #expect(alice.chats.map(\.text) == ["still here"])
        #expect(!alice.isClosedByRelay)
    }

    @Test func anUnknownRequestTypeIsRefusedWithItsIDAndTheConnectionStays() throws {
        let relay = try startRelay()
        defer { relay.shutdown() }
        let alice = try FramedPeer(port: relay.port, nick: "alice")
        #expect(try alice.joined())

        // A request of a type this relay does not know, its id in the body's first 8 bytes ...
        var frame = ByteWriter()
        frame.write(UInt32(8 + 3))
        frame.write(UInt8(0x7A))
        frame.write(UInt64(9001))
        frame.write(contentsOf: [1, 2, 3])
        try alice.send(frame: frame.bytes)
        // ... and one whose body is too short to hold an id.
        try alice.send(frame: [0, 0, 0, 3, 0x7B, 1, 2, 3])
        let after = try alice.say("after the unknown requests")

        #expect(try alice.waitUntil { alice.errors.count == 2 && alice.echoed.contains(after) })
        #expect(alice.errors.map(\.request) == [9001, 0])
        #expect(alice.errors.map(\.code) == [.unknownRequest, .unknownRequest])
        #expect(!alice.isClosedByRelay)
    }
}
