import Testing
@testable import ParleyWire

@Suite struct MessageCodingTests {
    @Test(arguments: Samples.messages)
    func everyMessageRoundTrips(_ message: Message) throws {
        let frame = message.encoded()
        #expect(try Message.decode(frame: frame) == message)
    }

    @Test(arguments: Samples.messages)
    func headerStatesTheBodyLengthAndType(_ message: Message) {
        let frame = message.encoded()
        let length = frame[0..<4].reduce(0) { $0 << 8 | Int($1) }
        #expect(length == frame.count - FrameHeader.size)
        #expect(frame[4] == message.type.rawValue)
    }

    @Test func everyTypeIsCoveredBySamples() {
        let covered = Set(Samples.messages.map(\.type.rawValue))
        #expect(covered == Set(MessageType.allCases.map(\.rawValue)))
    }

    @Test func textOverTheLimitIsATypedError() {
        var w = ByteWriter()
        w.write(UInt64(1))
        w.write(MessageKind.text.rawValue)
        w.writeString8("")
        w.writeString16(String(repeating: "y", count: Limits.maxTextBytes + 1))
        #expect(throws: WireError.textTooLong(field: "text", bytes: Limits.maxTextBytes + 1)) {
            try Message.decode(type: MessageType.submit.rawValue, body: w.bytes[...])
        }
    }

    @Test func textOfExactlyTheLimitIsAccepted() throws {
        let text = String(repeating: "界", count: Limits.maxTextBytes / 3)  // 4095 bytes
        let message = Message.submit(Submit(key: 1, text: text))
        #expect(try Message.decode(frame: message.encoded()) == message)
    }

    @Test func nickOverTheLimitIsATypedError() {
        var w = ByteWriter()
        w.writeString8(String(repeating: "n", count: 33))
        #expect(throws: WireError.textTooLong(field: "nick", bytes: 33)) {
            try Message.decode(type: MessageType.nick.rawValue, body: w.bytes[...])
        }
    }

    @Test func invalidUTF8IsATypedError() {
        let body: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 2, 0xC3, 0x28]
        #expect(throws: WireError.invalidUTF8(field: "text")) {
            try Message.decode(type: MessageType.submit.rawValue, body: body[...])
        }
    }

    @Test func undefinedEnumValueIsATypedError() {
        var w = ByteWriter()
        w.writeString8("bob")
        w.write(UInt8(9))
        w.write(UInt64(0))
        #expect(throws: WireError.invalidValue(field: "transport", value: 9)) {
            try Message.decode(type: MessageType.joined.rawValue, body: w.bytes[...])
        }
    }

    @Test func trailingBytesAreATypedError() {
        let body: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 1, 0xFF]
        #expect(throws: WireError.trailingBytes(type: MessageType.ping.rawValue)) {
            try Message.decode(type: MessageType.ping.rawValue, body: body[...])
        }
    }

    @Test func rosterCountLargerThanTheBodyIsRefusedBeforeAllocating() {
        let body: [UInt8] = [1, 0x03, 0xE8]  // claims 1000 entries, carries none
        #expect(throws: WireError.truncated(type: MessageType.roster.rawValue)) {
            try Message.decode(type: MessageType.roster.rawValue, body: body[...])
        }
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
