import Testing

@testable import ParleyWire

/// PROTOCOL.md §8 at the wire level: what a receiver skips, and what it refuses with which id.
@Suite struct ExtensibilityTests {
    /// A frame body with `extra` appended, as a later revision's longer message would be.
    static func body<M: WireMessage>(of message: M, plus extra: [UInt8]) -> ArraySlice<UInt8> {
        var w = ByteWriter()
        message.encodeBody(into: &w)
        return (w.bytes + extra)[...]
    }

    static let extra: [UInt8] = [0x00, 0xFF, 0x10, 0x89, 0x50, 0x52, 0x4C, 0x02, 0xC3]

    // MARK: Trailing bytes

    @Test(arguments: Samples.clientMessages)
    func relaySkipsBytesAfterTheKnownFields(_ message: ClientMessage) throws {
        #expect(try ClientMessage.decode(type: message.typeCode, body: Self.body(of: message, plus: Self.extra)) == message)
    }

    @Test(arguments: Samples.relayMessages)
    func clientSkipsBytesAfterTheKnownFields(_ message: RelayMessage) throws {
        #expect(try RelayMessage.decode(type: message.typeCode, body: Self.body(of: message, plus: Self.extra)) == message)
    }

    @Test func longerFrameInAStreamDecodesAndTheNextFrameStillDoes() throws {
        // A later relay's WELCOME with a field appended, then an ordinary PING.
        let welcome = GoldenVectors.relayFrames["welcome"]!
        var w = ByteWriter()
        welcome.encodeBody(into: &w)
        let body = w.bytes + [0xAB, 0xCD]
        let frame = [0, 0, UInt8(body.count >> 8), UInt8(body.count & 0xFF), welcome.typeCode] + body
        var stream = InboundStream<RelayMessage>(.framedWithPreamble)
        stream.append(Preamble.bytes + frame + RelayMessage.ping(3).encoded())
        #expect(stream.next() == .message(welcome))
        #expect(stream.next() == .message(.ping(3)))
        #expect(stream.next() == nil)
    }

    // MARK: Unknown types

    @Test func unknownClientTypeCarriesTheRequestIDFromItsBody() {
        let body: [UInt8] = [0, 0, 0, 0, 0, 0, 0x12, 0x34, 0xAA, 0xBB]
        #expect(throws: WireError.inRequest(0x1234, .unknownType(0x7E))) {
            try ClientMessage.decode(type: 0x7E, body: body[...])
        }
        let error = Self.clientError(type: 0x7E, body: body)
        #expect(error?.request == 0x1234)
        #expect(error?.code == .unknownRequest)
        #expect(error?.code.rawValue == 14)
        #expect(error?.isFatal == false)
    }

    @Test(arguments: [0, 1, 7])
    func unknownClientTypeWithABodyTooShortForAnIDCarriesNone(length: Int) {
        let body = [UInt8](repeating: 0xEE, count: length)
        #expect(throws: WireError.unknownType(0x7E)) { try ClientMessage.decode(type: 0x7E, body: body[...]) }
        #expect(Self.clientError(type: 0x7E, body: body)?.request == 0)
    }

    /// Version 1's HELLO (`0x01`) and the relay's own types are unknown requests to the relay.
    @Test(arguments: [ClientMessage.legacyHelloType, 0x02, RelayMessage.Kind.welcome.rawValue, RelayMessage.Kind.done.rawValue])
    func typesThatAreNotClientRequestsAreUnknownToTheRelay(type: UInt8) {
        let body: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 9]
        #expect(Self.clientError(type: type, body: body) == .inRequest(9, .unknownType(type)))
    }

    @Test func unknownRelayTypeIsUnknownTypeWithoutARequest() {
        let body: [UInt8] = [0, 0, 0, 0, 0, 0, 0x12, 0x34, 0xAA]
        #expect(throws: WireError.unknownType(0x7E)) { try RelayMessage.decode(type: 0x7E, body: body[...]) }
        // The client's own request types are unknown coming from the relay.
        #expect(throws: WireError.unknownType(ClientMessage.Kind.hello.rawValue)) {
            try RelayMessage.decode(type: ClientMessage.Kind.hello.rawValue, body: body[...])
        }
    }

    @Test func clientSkipsAnUnknownFrameAndReadsTheNext() {
        var stream = InboundStream<RelayMessage>(.framedWithPreamble)
        stream.append(Preamble.bytes + [0, 0, 0, 3, 0x7E, 1, 2, 3] + RelayMessage.done(5).encoded())
        #expect(stream.next() == .failure(.unknownType(0x7E)))
        #expect(stream.next() == .message(.done(5)))
    }

    // MARK: Errors inside a request carry its id

    static let submitID: UInt64 = 0x0102_0304_0506_0708

    /// A SUBMIT body written field by field, so that any field can hold what an encoder never writes.
    static func submitBody(kind: UInt8 = 1, destinationKind: UInt8 = 1, to: [UInt8] = Array("#lobby".utf8), text: [UInt8]) -> [UInt8] {
        var w = ByteWriter()
        w.write(submitID)
        w.write(kind)
        w.write(destinationKind)
        w.write(UInt8(to.count))
        w.write(contentsOf: to)
        w.write(UInt16(text.count))
        w.write(contentsOf: text)
        return w.bytes
    }

    static func clientError(type: UInt8, body: [UInt8]) -> WireError? {
        do {
            _ = try ClientMessage.decode(type: type, body: body[...])
            return nil
        } catch {
            return error
        }
    }

    static func submitError(_ body: [UInt8]) -> WireError? { clientError(type: ClientMessage.Kind.submit.rawValue, body: body) }

    @Test(arguments: [0, 3, 0xFF] as [UInt8])
    func undefinedMessageKindInSubmitCarriesItsID(kind: UInt8) {
        let error = Self.submitError(Self.submitBody(kind: kind, text: Array("hi".utf8)))
        #expect(error == .inRequest(Self.submitID, .invalidValue(field: "kind", value: UInt64(kind))))
        #expect(error?.request == Self.submitID)
        #expect(error?.code == .invalidValue)
        #expect(error?.code.rawValue == 13)
    }

    @Test(arguments: [0, 3, 0xFF] as [UInt8])
    func undefinedDestinationKindInSubmitCarriesItsID(kind: UInt8) {
        let error = Self.submitError(Self.submitBody(destinationKind: kind, text: Array("hi".utf8)))
        #expect(error == .inRequest(Self.submitID, .invalidValue(field: "destination kind", value: UInt64(kind))))
        #expect(error?.code == .invalidValue)
    }

    @Test func textOverTheLimitInSubmitCarriesItsID() {
        let error = Self.submitError(Self.submitBody(text: [UInt8](repeating: 0x79, count: Limits.maxTextBytes + 1)))
        #expect(error == .inRequest(Self.submitID, .textTooLong(field: "text", bytes: Limits.maxTextBytes + 1)))
        #expect(error?.code == .textTooLong)
        #expect(error?.code.rawValue == 4)
    }

    @Test func invalidUTF8InSubmitTextCarriesItsID() {
        let error = Self.submitError(Self.submitBody(text: [0x68, 0xC3, 0x28]))
        #expect(error == .inRequest(Self.submitID, .invalidUTF8(field: "text")))
        #expect(error?.code == .invalidUTF8)
        #expect(error?.code.rawValue == 5)
    }

    @Test func submitEndingEarlyCarriesItsIDWhenItHasOne() {
        let body = Self.submitBody(text: Array("hello".utf8)).dropLast(2)
        #expect(Self.submitError(Array(body)) == .inRequest(Self.submitID, .truncated(type: ClientMessage.Kind.submit.rawValue)))
        #expect(Self.submitError(Array(body.prefix(5))) == .truncated(type: ClientMessage.Kind.submit.rawValue))
        #expect(Self.submitError(Array(body))?.code == .malformed)
    }

    /// A 40-byte target is over both the nick and the room name limits, but the frame decodes
    /// (names are checked by the relay's rules), so the refusal names the SUBMIT.
    @Test(arguments: [1, 2] as [UInt8])
    func fortyByteTargetDecodesWithItsIDForTheRelayToRefuse(destinationKind: UInt8) throws {
        let name = destinationKind == 1 ? "#" + String(repeating: "r", count: 39) : String(repeating: "n", count: 40)
        let body = Self.submitBody(destinationKind: destinationKind, to: Array(name.utf8), text: Array("hi".utf8))
        let message = try ClientMessage.decode(type: ClientMessage.Kind.submit.rawValue, body: body[...])
        #expect(message.request == Self.submitID)
        guard case .submit(let submit) = message else {
            Issue.record("not a SUBMIT: \(message)")
            return
        }
        #expect(submit.to.name.utf8.count == 40)
        #expect(!RoomName.isValid(submit.to.name) && !Nick.isValid(submit.to.name))
    }

    @Test func helloListingMoreRoomsThanOneConnectionMayEnterIsAnUndefinedValueWithItsID() {
        var w = ByteWriter()
        ClientMessage.hello(Hello(request: 77, nick: "alice")).encodeBody(into: &w)
        var body = w.bytes
        body[body.count - 1] = UInt8(Limits.maxRoomsPerPeer + 1)  // the room count
        #expect(Self.clientError(type: 0x03, body: body) == .inRequest(77, .invalidValue(field: "room count", value: 33)))
    }

    @Test func topicSetFlagOtherThanZeroOrOneIsAnUndefinedValueWithItsID() {
        var w = ByteWriter()
        w.write(UInt64(12))
        w.writeString8("#dev")
        w.write(UInt8(2))
        w.writeString16("x")
        #expect(Self.clientError(type: 0x34, body: w.bytes) == .inRequest(12, .invalidValue(field: "set", value: 2)))
    }

    /// PING, PONG and BYE are not requests: their errors carry no id, even when 8 bytes are there.
    @Test func errorsInMessagesThatAreNotRequestsCarryNoID() {
        let bye: [UInt8] = [0, 8, 0xFF, 0xFE, 0xFD, 0xFC, 0xFB, 0xFA, 0xF9, 0xF8]
        #expect(Self.clientError(type: 0x60, body: bye) == .invalidUTF8(field: "reason"))
        #expect(Self.clientError(type: 0x50, body: [1, 2, 3]) == .truncated(type: 0x50))
    }

    // MARK: Undefined enum values from the relay

    @Test func undefinedEnumValueInARelayMessageIsThatFramesErrorAlone() {
        var joined = ByteWriter()
        joined.writeString8("#lobby")
        joined.writeString8("bob")
        joined.write(UInt8(9))  // transport
        joined.write(UInt64(0))
        var left = ByteWriter()
        left.writeString8("#lobby")
        left.writeString8("bob")
        left.write(UInt8(8))  // reason
        left.writeString16("")
        left.write(UInt64(0))
        var stream = InboundStream<RelayMessage>(.frames)
        stream.append([0, 0, 0, UInt8(joined.bytes.count), 0x22] + joined.bytes)
        stream.append([0, 0, 0, UInt8(left.bytes.count), 0x23] + left.bytes)
        stream.append(RelayMessage.pong(1).encoded())
        #expect(stream.next() == .failure(.invalidValue(field: "transport", value: 9)))
        #expect(stream.next() == .failure(.invalidValue(field: "reason", value: 8)))
        #expect(stream.next() == .message(.pong(1)))
    }

    @Test func undefinedResumeStatusAndChatKindAreUndefinedValues() {
        var entered = ByteWriter()
        RelayMessage.entered(Entered(request: 1, room: "#lobby")).encodeBody(into: &entered)
        var body = entered.bytes
        let resumeOffset = 8 + 7 + 2 + 8
        body[resumeOffset] = 4
        #expect(throws: WireError.invalidValue(field: "resume", value: 4)) {
            try RelayMessage.decode(type: 0x05, body: body[...])
        }
        var chat = ByteWriter()
        RelayMessage.chat(Chat(id: 1, time: 2, from: "a", text: "b")).encodeBody(into: &chat)
        var chatBody = chat.bytes
        chatBody[16] = 0
        #expect(throws: WireError.invalidValue(field: "kind", value: 0)) {
            try RelayMessage.decode(type: 0x11, body: chatBody[...])
        }
    }

    // MARK: Error codes and capabilities

    @Test(arguments: [0, 21, 999, 0xFFFF] as [UInt16])
    func unknownErrorCodeDecodesAndDescribesItselfByNumber(raw: UInt16) throws {
        let frame = RelayMessage.error(ErrorReport(request: 5, code: ErrorCode(rawValue: raw), text: "from the future")).encoded()
        let decoded = try RelayMessage.decode(frame: frame)
        guard case .error(let report) = decoded else {
            Issue.record("not an ERROR: \(decoded)")
            return
        }
        #expect(report.code.rawValue == raw)
        #expect(report.code.description == "error \(raw)")
        #expect(report.request == 5)
    }

    @Test func everyDefinedErrorCodeHasItsOwnName() {
        #expect(ErrorCode.known.map(\.rawValue) == Array(1...20))
        let names = ErrorCode.known.map(\.description)
        #expect(Set(names).count == 20)
        #expect(names.allSatisfy { !$0.hasPrefix("error ") })
        #expect(ErrorCode.invalidValue.rawValue == 13 && ErrorCode.unknownRequest.rawValue == 14)
        #expect(ErrorCode.relayRoomsFull.rawValue == 19 && ErrorCode.storageUnavailable.rawValue == 20)
    }

    @Test func unknownCapabilityBitsSurviveDecoding() throws {
        let bits = Capabilities(rawValue: 0xA5A5_0001)
        let hello = ClientMessage.hello(Hello(request: 1, capabilities: bits, nick: "alice"))
        #expect(try ClientMessage.decode(frame: hello.encoded()) == hello)
        let welcome = RelayMessage.welcome(Welcome(capabilities: bits, nick: "alice", epoch: 1, time: 2, resumeToken: 3))
        guard case .welcome(let decoded) = try RelayMessage.decode(frame: welcome.encoded()) else {
            Issue.record("not a WELCOME")
            return
        }
        #expect(decoded.capabilities.rawValue == 0xA5A5_0001)
        // This build supports bit 0 (paged replay) alone: the intersection with anything
        // offered keeps no other bit.
        #expect(Capabilities.supported == [.pagedReplay])
        #expect(Capabilities.pagedReplay.rawValue == 1)
        #expect(bits.intersection(.supported) == [.pagedReplay])
    }
}
