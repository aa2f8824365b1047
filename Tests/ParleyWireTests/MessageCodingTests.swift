import Testing

@testable import ParleyWire

@Suite struct MessageCodingTests {
    @Test(arguments: Samples.clientMessages)
    func everyClientMessageRoundTrips(_ message: ClientMessage) throws {
        #expect(try ClientMessage.decode(frame: message.encoded()) == message)
    }

    @Test(arguments: Samples.relayMessages)
    func everyRelayMessageRoundTrips(_ message: RelayMessage) throws {
        #expect(try RelayMessage.decode(frame: message.encoded()) == message)
    }

    @Test(arguments: Samples.clientMessages)
    func clientHeaderStatesTheBodyLengthAndType(_ message: ClientMessage) {
        let frame = message.encoded()
        #expect(frame[0..<4].reduce(0) { $0 << 8 | Int($1) } == frame.count - FrameHeader.size)
        #expect(frame[4] == message.kind.rawValue)
    }

    @Test(arguments: Samples.relayMessages)
    func relayHeaderStatesTheBodyLengthAndType(_ message: RelayMessage) {
        let frame = message.encoded()
        #expect(frame[0..<4].reduce(0) { $0 << 8 | Int($1) } == frame.count - FrameHeader.size)
        #expect(frame[4] == message.kind.rawValue)
    }

    /// Every request's body begins with its request id, which `ClientMessage.request` reports.
    @Test(arguments: Samples.clientMessages)
    func requestsBeginWithTheirRequestID(_ message: ClientMessage) {
        let body = message.encoded().dropFirst(FrameHeader.size)
        if message.kind.isRequest {
            #expect(ClientMessage.peekRequest(body) == message.request)
        } else {
            #expect(message.request == 0)
        }
    }

    @Test func everyKindIsCoveredBySamples() {
        #expect(Set(Samples.clientMessages.map(\.kind)) == Set(ClientMessage.Kind.allCases))
        #expect(Set(Samples.relayMessages.map(\.kind)) == Set(RelayMessage.Kind.allCases))
    }

    @Test func typeCodesMatchTheDocumentedTables() {
        let client: [ClientMessage.Kind: UInt8] = [
            .hello: 0x03, .submit: 0x10, .nick: 0x20, .join: 0x24, .part: 0x25, .who: 0x30, .list: 0x32, .topic: 0x34,
            .ping: 0x50, .pong: 0x51, .bye: 0x60,
        ]
        let relay: [RelayMessage.Kind: UInt8] = [
            .welcome: 0x04, .entered: 0x05, .chat: 0x11, .renamed: 0x21, .joined: 0x22, .left: 0x23, .roster: 0x31,
            .rooms: 0x33, .topic: 0x35, .error: 0x40, .notice: 0x41, .done: 0x42, .ping: 0x50, .pong: 0x51, .bye: 0x60,
        ]
        #expect(client.count == ClientMessage.Kind.allCases.count && relay.count == RelayMessage.Kind.allCases.count)
        for kind in ClientMessage.Kind.allCases { #expect(client[kind] == kind.rawValue, "\(kind.name)") }
        for kind in RelayMessage.Kind.allCases { #expect(relay[kind] == kind.rawValue, "\(kind.name)") }
        // Version 1's HELLO and WELCOME are never reused, in either direction.
        for retired: UInt8 in [0x01, 0x02] {
            #expect(ClientMessage.Kind(rawValue: retired) == nil && RelayMessage.Kind(rawValue: retired) == nil)
        }
        #expect(ClientMessage.legacyHelloType == 0x01)
    }

    @Test func pingPongAndByeAreTheSameBytesBothWays() {
        #expect(ClientMessage.ping(9).encoded() == RelayMessage.ping(9).encoded())
        #expect(ClientMessage.pong(9).encoded() == RelayMessage.pong(9).encoded())
        #expect(ClientMessage.bye("x").encoded() == RelayMessage.bye("x").encoded())
    }

    @Test func textOfExactlyTheLimitIsAccepted() throws {
        let text = String(repeating: "界", count: Limits.maxTextBytes / 3)  // 4095 bytes
        let message = ClientMessage.submit(Submit(request: 1, text: text))
        #expect(try ClientMessage.decode(frame: message.encoded()) == message)
    }

    @Test func topicOverTheLimitIsATypedError() {
        var w = ByteWriter()
        w.write(UInt64(5))
        w.writeString8("#dev")
        w.write(UInt8(1))
        w.writeString16(String(repeating: "t", count: Limits.maxTopicBytes + 1))
        #expect(throws: WireError.inRequest(5, .textTooLong(field: "topic", bytes: Limits.maxTopicBytes + 1))) {
            try ClientMessage.decode(type: ClientMessage.Kind.topic.rawValue, body: w.bytes[...])
        }
    }

    @Test func relayNickOverTheLimitIsATypedError() {
        var w = ByteWriter()
        w.writeString8("#lobby")
        w.writeString8(String(repeating: "n", count: 33))
        w.write(Transport.tcp.rawValue)
        w.write(UInt64(0))
        #expect(throws: WireError.textTooLong(field: "nick", bytes: 33)) {
            try RelayMessage.decode(type: RelayMessage.Kind.joined.rawValue, body: w.bytes[...])
        }
    }

    @Test func resumeStatusesKeepTheirDocumentedValues() throws {
        #expect(ResumeStatus.allCases.map(\.rawValue) == [0, 1, 2, 3])
        #expect(ResumeStatus.more.rawValue == 3)
        var w = ByteWriter()
        RelayMessage.entered(Entered(request: 1, room: "#lobby", resume: .more)).encodeBody(into: &w)
        let resumeOffset = 8 + 7 + 2 + 8
        #expect(w.bytes[resumeOffset] == 3)
        let decoded = try RelayMessage.decode(type: RelayMessage.Kind.entered.rawValue, body: w.bytes[...])
        #expect(decoded == .entered(Entered(request: 1, room: "#lobby", resume: .more)))
    }

    @Test func relayRoomNameOverTheLimitIsATypedError() {
        var w = ByteWriter()
        w.write(UInt64(1))
        w.writeString8("#" + String(repeating: "r", count: 32))
        #expect(throws: WireError.textTooLong(field: "room", bytes: 33)) {
            try RelayMessage.decode(type: RelayMessage.Kind.entered.rawValue, body: w.bytes[...])
        }
    }

    @Test func rosterCountLargerThanTheBodyIsRefusedBeforeAllocating() {
        var w = ByteWriter()
        w.write(UInt64(0))
        w.writeString8("#lobby")
        w.write(UInt8(1))
        w.write(UInt16(1000))  // claims 1000 entries, carries none
        #expect(throws: WireError.truncated(type: RelayMessage.Kind.roster.rawValue)) {
            try RelayMessage.decode(type: RelayMessage.Kind.roster.rawValue, body: w.bytes[...])
        }
    }

    @Test func pageCountsOverTheirLimitsAreUndefinedValues() {
        var roster = ByteWriter()
        roster.write(UInt64(0))
        roster.writeString8("#lobby")
        roster.write(UInt8(1))
        roster.write(UInt16(Limits.maxRosterEntriesPerFrame + 1))
        #expect(throws: WireError.invalidValue(field: "roster count", value: 1001)) {
            try RelayMessage.decode(type: RelayMessage.Kind.roster.rawValue, body: roster.bytes[...])
        }
        var rooms = ByteWriter()
        rooms.write(UInt64(7))
        rooms.write(UInt8(1))
        rooms.write(UInt16(Limits.maxRoomsPerFrame + 1))
        #expect(throws: WireError.invalidValue(field: "room count", value: 101)) {
            try RelayMessage.decode(type: RelayMessage.Kind.rooms.rawValue, body: rooms.bytes[...])
        }
    }

    @Test func finalFlagOtherThanZeroOrOneIsAnUndefinedValue() {
        var w = ByteWriter()
        w.write(UInt64(7))
        w.write(UInt8(2))
        w.write(UInt16(0))
        #expect(throws: WireError.invalidValue(field: "final", value: 2)) {
            try RelayMessage.decode(type: RelayMessage.Kind.rooms.rawValue, body: w.bytes[...])
        }
    }

    @Test func encoderCapsListsAtTheirPageLimits() throws {
        let entries = (0...Limits.maxRoomsPerFrame).map { RoomSummary(room: "#r\($0)", members: 1) }
        let decoded = try RelayMessage.decode(frame: RelayMessage.rooms(RoomList(request: 1, entries: entries)).encoded())
        guard case .rooms(let list) = decoded else { Issue.record("not ROOMS: \(decoded)"); return }
        #expect(list.entries == Array(entries.prefix(Limits.maxRoomsPerFrame)))
        let rooms = (0...Limits.maxRoomsPerPeer).map { RoomCursor(room: "#r\($0)") }
        let hello = try ClientMessage.decode(frame: ClientMessage.hello(Hello(nick: "a", rooms: rooms)).encoded())
        guard case .hello(let decodedHello) = hello else { Issue.record("not HELLO: \(hello)"); return }
        #expect(decodedHello.rooms == Array(rooms.prefix(Limits.maxRoomsPerPeer)))
    }

    @Test func decodingAnIncompleteFrameIsTruncated() {
        let frame = ClientMessage.ping(1).encoded()
        #expect(throws: WireError.truncated(type: 0x50)) { try ClientMessage.decode(frame: Array(frame.dropLast())) }
        #expect(throws: WireError.truncated(type: 0)) { try RelayMessage.decode(frame: [0, 0]) }
    }

    @Test func encoderCutsOverlongStringsAtAScalarBoundary() {
        let text = String(repeating: "é", count: 200)
        let count = ByteWriter.fittingCount(of: text, maxBytes: 255)
        #expect(count == 254)
        #expect(String(validating: Array(text.utf8.prefix(count)), as: UTF8.self) != nil)
        var writer = ByteWriter()
        writer.writeString8(text)
        #expect(writer.bytes.first == 254 && writer.bytes.count == 255)
        #expect(ByteWriter.fittingCount(of: "héllo", maxBytes: 255) == 6)
    }
}
