import Testing

@testable import ParleyWire

@Suite struct RoomNameTests {
    @Test(arguments: ["#lobby", "#a", "#0", "#Dev-2.0+rc_1", "#" + String(repeating: "r", count: 31)])
    func validNames(_ name: String) {
        #expect(RoomName.isValid(name))
        #expect(RoomName.problem(with: name) == nil)
    }

    @Test(arguments: [
        "", "lobby", "#", "##", "# x", "#tab\t", "#dé", "#emoji😀", "#a#b", "#semi;colon", "#slash/", "＃lobby",
        "#" + String(repeating: "r", count: 32),
    ])
    func invalidNamesSayWhy(_ name: String) {
        #expect(!RoomName.isValid(name))
        #expect(RoomName.problem(with: name) != nil)
    }

    @Test func theLimitCountsTheHashSign() {
        #expect(Limits.maxRoomNameBytes == 32)
        #expect(RoomName.isValid("#" + String(repeating: "r", count: Limits.maxRoomNameBytes - 1)))
        #expect(!RoomName.isValid("#" + String(repeating: "r", count: Limits.maxRoomNameBytes)))
    }

    @Test func foldingIgnoresASCIICaseOnly() {
        #expect(RoomName.folded("#Dev") == RoomName.folded("#dev"))
        #expect(RoomName.folded("#LOBBY") == RoomName.lobby)
        #expect(RoomName.folded("#dev") != RoomName.folded("#dev2"))
        #expect(RoomName.folded("#Dev-X.1+Y_z") == "#dev-x.1+y_z")
    }

    @Test func everyoneStartsInTheLobby() {
        #expect(RoomName.lobby == "#lobby")
        #expect(RoomName.isValid(RoomName.lobby))
    }
}
