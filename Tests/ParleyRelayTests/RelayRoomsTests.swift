import ParleyRelay
import ParleyTestSupport
import ParleyWire
import Testing

/// Rooms end to end, over framed TCP, the UDP link and line clients at once (see `ThreeRooms`).
@Suite(.serialized, .timeLimit(.minutes(1)))
struct RelayRoomsTests {
    @Test func eachMessageReachesExactlyItsRoomsMembersOnce() throws {
        let scene = try ThreeRooms()
        defer { scene.close() }
        let (ada, bo, cy, dee, eve) = (scene.ada, scene.bo, scene.cy, scene.dee, scene.eve)

        // Who says what where; line clients speak in their current room.
        try ada.say("ada in #dev", to: .room("#dev"))
        try ada.say("ada in #ops", to: .room("#ops"))
        try bo.say("bo in #dev", to: .room("#dev"))
        try bo.say("bo in #art", to: .room("#art"))
        try bo.say("bo in #lobby")
        try cy.type("cy in #art")
        try dee.say("dee in #ops", to: .room("#ops"))
        try dee.say("dee in #art", to: .room("#art"))
        try dee.say("dee in #lobby")
        try eve.type("eve in #dev")
        let said: [String: [(from: String, text: String)]] = [
            "#dev": [("ada", "ada in #dev"), ("bo", "bo in #dev"), ("eve", "eve in #dev")],
            "#ops": [("ada", "ada in #ops"), ("dee", "dee in #ops")],
            "#art": [("bo", "bo in #art"), ("cy", "cy in #art"), ("dee", "dee in #art")],
            lobby: [("bo", "bo in #lobby"), ("dee", "dee in #lobby")],
        ]
        // What each client should see: every message of its rooms, and a line client not its own.
        func expected(for nick: String, line: Bool) -> [String] {
            var all: [String] = []
            for room in ThreeRooms.rooms[nick] ?? [] {
                for message in said[room] ?? [] where !(line && message.from == nick) {
                    let shown = line && ThreeRooms.currentRoom[nick] != room ? "\(room) " : ""
                    all.append(line ? "\(shown)<\(message.from)> \(message.text)" : "\(room) <\(message.from)> \(message.text)")
                }
            }
            return all.sorted()
        }
        func seen(_ peer: ParleyPeer) -> [String] {
            peer.chats.map { "\($0.to.name) <\($0.from)> \($0.text)" }.sorted()
        }
        func seen(_ peer: LinePeer) -> [String] {
            peer.chatLines.compactMap { line in
                ThreeRooms.parse(line).map { "\($0.room.map { "\($0) " } ?? "")<\($0.from)> \($0.text)" }
            }.sorted()
        }

        // Wait until everything expected has arrived, and then (messages of a room reach each
        // member in order) for a last message in every room: nothing said before it can still
        // be on its way when the lists are compared.
        let arrived = try pump(scene.everyone) {
            scene.framed.allSatisfy { Set(expected(for: $0.nick, line: false)).isSubset(of: seen($0.peer)) }
                && scene.lines.allSatisfy { Set(expected(for: $0.nick, line: true)).isSubset(of: seen($0.peer)) }
        }
        #expect(arrived, "not everything arrived: ada \(seen(ada)), bo \(seen(bo)), dee \(seen(dee)), cy \(cy.lines), eve \(eve.lines)")
        let fences = ["#dev": ada as ParleyPeer, "#ops": ada, "#art": dee, lobby: dee]
        for (room, peer) in fences { try peer.say("fence", to: .room(room)) }
        let fenced = try pump(scene.everyone) {
            scene.framed.allSatisfy { member in
                (ThreeRooms.rooms[member.nick] ?? []).allSatisfy { room in member.peer.chats(in: room).contains { $0.text == "fence" } }
            }
                && scene.lines.allSatisfy { member in
                    seen(member.peer).filter { $0.hasSuffix("> fence") }.count == ThreeRooms.rooms[member.nick]?.count
                }
        }
        #expect(fenced, "the last messages did not arrive")

        for (nick, peer) in scene.framed {
            let fenceLines = (ThreeRooms.rooms[nick] ?? []).map { room in "\(room) <\(fences[room] === ada ? "ada" : "dee")> fence" }
            #expect(seen(peer) == (expected(for: nick, line: false) + fenceLines).sorted(), "\(nick) saw the wrong messages")
            // Ids run from 1 in each room, the same for every member; the echo carries the request.
            for room in ThreeRooms.rooms[nick] ?? [] {
                let ids = peer.chats(in: room).map(\.id)
                #expect(ids == Array(1...UInt64(max(1, ids.count))), "\(nick) saw ids \(ids) in \(room)")
            }
            #expect(peer.chats.filter { $0.from == nick }.allSatisfy { peer.submitted.contains($0.request) })
        }
        for room in ["#dev", "#ops", "#art", lobby] {
            let members = scene.framed.filter { ThreeRooms.rooms[$0.nick]?.contains(room) == true }
            let views = Set(members.map { $0.peer.chats(in: room).map { "\($0.id) \($0.from) \($0.text)" } })
            #expect(views.count == 1, "the members of \(room) saw it differently: \(views)")
        }
        for (nick, peer) in scene.lines {
            let fenceLines = (ThreeRooms.rooms[nick] ?? []).map { room in
                "\(ThreeRooms.currentRoom[nick] == room ? "" : "\(room) ")<\(fences[room] === ada ? "ada" : "dee")> fence"
            }
            #expect(seen(peer) == (expected(for: nick, line: true) + fenceLines).sorted(), "\(nick) saw \(peer.lines)")
        }
        // A message from a room other than the line client's current one shows its room.
        #expect(cy.chatLines.contains { $0.hasSuffix("] #ops <ada> ada in #ops") })
        #expect(cy.chatLines.contains { $0.hasSuffix("] <dee> dee in #art") })
        #expect(eve.chatLines.contains { $0.hasSuffix("] #lobby <bo> bo in #lobby") })
        #expect(eve.chatLines.contains { $0.hasSuffix("] <ada> ada in #dev") })
    }

    @Test func aClientCutMidStreamResumesEachRoomWithExactlyWhatItMissed() throws {
        let scene = try ThreeRooms()
        defer { scene.close() }
        let (ada, bo, dee) = (scene.ada, scene.bo, scene.dee)
        let witnesses = ["#dev": bo as ParleyPeer, "#ops": dee]

        // Some traffic ada reads, then more still on its way when her connection is cut (a
        // reset: whatever her socket held unread is gone), then more after she is gone.
        for index in 1...5 {
            try bo.say("dev \(index)", to: .room("#dev"))
            try dee.say("ops \(index)", to: .room("#ops"))
        }
        #expect(try pump(scene.everyone) { ada.chats(in: "#dev").count == 5 && ada.chats(in: "#ops").count == 5 })
        for index in 6...30 {
            try bo.say("dev \(index)", to: .room("#dev"))
            try dee.say("ops \(index)", to: .room("#ops"))
        }
        #expect(try pump(scene.everyone) { ada.chats(in: "#dev").count >= 8 })
        let welcome = try #require(ada.welcome)
        let cursors = ["#dev": ada.lastSeenID(in: "#dev"), "#ops": ada.lastSeenID(in: "#ops")]
        let readBeforeTheCut = ["#dev": ada.chats(in: "#dev"), "#ops": ada.chats(in: "#ops")]
        ada.socket.abort()
        #expect(try pump(scene.everyone) { bo.sawLeave(of: "ada", in: "#dev") && dee.sawLeave(of: "ada", in: "#ops") })
        for index in 31...40 {
            try bo.say("dev \(index)", to: .room("#dev"))
            try dee.say("ops \(index)", to: .room("#ops"))
        }
        #expect(try pump(scene.everyone) { bo.chats(in: "#dev").count == 40 && dee.chats(in: "#ops").count == 40 })

        let back = try FramedPeer(
            port: scene.relay.port, nick: "ada",
            rooms: [RoomCursor(room: "#dev", after: cursors["#dev"]!), RoomCursor(room: "#ops", after: cursors["#ops"]!)],
            epoch: welcome.epoch, resumeToken: welcome.resumeToken)
        defer { back.close() }
        #expect(try back.waitUntil { back.replay(in: "#dev") != nil && back.replay(in: "#ops") != nil })
        #expect(back.welcome?.nick == "ada")
        #expect(back.welcome?.roomCount == 2)
        #expect(back.entered.map(\.room) == ["#dev", "#ops"])
        for room in ["#dev", "#ops"] {
            let cursor = cursors[room]!
            let all = witnesses[room]!.chats(in: room)
            #expect(all.map(\.id) == Array(1...40), "the witness of \(room) missed something")
            let missed = all.filter { $0.id > cursor }
            #expect(back.entered(room)?.resume == .complete)
            #expect(back.entered(room)?.lastID == 40)
            #expect(back.entered(room)?.request == back.hello?.request)
            #expect(back.replay(in: room) == missed, "\(room): after \(cursor), ada got \(back.replay(in: room)?.map(\.id) ?? [])")
            // What she read before the cut and what came back make the room's whole history, once.
            #expect((readBeforeTheCut[room]! + (back.replay(in: room) ?? [])).map(\.id) == all.map(\.id))
        }
        #expect(!back.chats.contains { $0.to == .room("#art") || $0.to == .room(lobby) })
    }
}
