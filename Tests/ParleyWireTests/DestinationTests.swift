import Testing

@testable import ParleyWire

@Suite struct DestinationTests {
    static func encoded(_ destination: Destination) -> [UInt8] {
        var w = ByteWriter()
        destination.encode(into: &w)
        return w.bytes
    }

    static func decoded(_ bytes: [UInt8]) throws(WireError) -> Destination {
        var reader = ByteReader(bytes[...], type: ClientMessage.Kind.submit.rawValue)
        return try Destination.read(from: &reader)
    }

    @Test func roomIsKindOneThenTheName() throws {
        #expect(Self.encoded(.room("#dev")) == [1, 4, 0x23, 0x64, 0x65, 0x76])
        #expect(try Self.decoded([1, 4, 0x23, 0x64, 0x65, 0x76]) == .room("#dev"))
    }

    @Test func userIsKindTwoThenTheNick() throws {
        #expect(Self.encoded(.user("bob")) == [2, 3, 0x62, 0x6F, 0x62])
        #expect(try Self.decoded([2, 3, 0x62, 0x6F, 0x62]) == .user("bob"))
    }

    @Test(arguments: [0, 3, 0xFF] as [UInt8])
    func anyOtherKindIsAnUndefinedValue(kind: UInt8) {
        #expect(throws: WireError.invalidValue(field: "destination kind", value: UInt64(kind))) {
            try Self.decoded([kind, 3, 0x62, 0x6F, 0x62])
        }
    }

    /// Names are read whatever their length (a `str8` holds up to 255 bytes); the relay's rules
    /// refuse the ones that are too long, with the request's id.
    @Test(arguments: [0, 33, 40, 255])
    func namesOfAnyLengthAreRead(length: Int) throws {
        let name = String(repeating: "n", count: length)
        #expect(try Self.decoded(Self.encoded(.user(name))) == .user(name))
        #expect(try Self.decoded(Self.encoded(.room(name))) == .room(name))
    }

    @Test func truncatedOrInvalidNamesAreTypedErrors() {
        #expect(throws: WireError.truncated(type: ClientMessage.Kind.submit.rawValue)) { try Self.decoded([1, 5, 0x23]) }
        #expect(throws: WireError.truncated(type: ClientMessage.Kind.submit.rawValue)) { try Self.decoded([]) }
        #expect(throws: WireError.invalidUTF8(field: "destination")) { try Self.decoded([2, 2, 0xC3, 0x28]) }
    }

    @Test func describesItselfAndItsPrivacy() {
        #expect(Destination.room("#dev").description == "#dev")
        #expect(Destination.user("bob").description == "@bob")
        #expect(Destination.room("#dev").name == "#dev" && Destination.user("bob").name == "bob")
        #expect(!Destination.room("#dev").isPrivate)
        #expect(Destination.user("bob").isPrivate)
        #expect(Chat(id: 1, time: 0, from: "a", to: .user("b"), text: "x").isPrivate)
    }
}
