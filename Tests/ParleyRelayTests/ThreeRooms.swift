import ParleyRelay
import ParleyTestSupport
import ParleyWire
import Testing

/// A live relay with five clients in three rooms (and the lobby), over every transport:
///
/// ```
/// #dev    ada (TCP)  bo (UDP)   eve (line, its current room)
/// #ops    ada (TCP)  cy (line)  dee (TCP)
/// #art    bo (UDP)   cy (line, its current room)  dee (TCP)
/// #lobby  bo         cy         dee        eve
/// ```
final class ThreeRooms {
    let relay: RelayServer
    let ada: FramedPeer
    let bo: LinkPeer
    let cy: LinePeer
    let dee: FramedPeer
    let eve: LinePeer

    /// Each client's rooms.
    static let rooms: [String: [String]] = [
        "ada": ["#dev", "#ops"],
        "bo": [lobby, "#dev", "#art"],
        "cy": [lobby, "#ops", "#art"],
        "dee": [lobby, "#ops", "#art"],
        "eve": [lobby, "#dev"],
    ]
    /// The line clients' current rooms.
    static let currentRoom = ["cy": "#art", "eve": "#dev"]

    var everyone: [any TestPeer] { [ada, bo, cy, dee, eve] }
    var framed: [(nick: String, peer: ParleyPeer)] { [("ada", ada), ("bo", bo), ("dee", dee)] }
    var lines: [(nick: String, peer: LinePeer)] { [("cy", cy), ("eve", eve)] }

    init() throws {
        relay = try startRelay { $0.rate = 0 }
        do {
            let port = relay.port
            ada = try FramedPeer(port: port, nick: "ada", rooms: [RoomCursor(room: "#dev"), RoomCursor(room: "#ops")])
            bo = try LinkPeer(port: port, nick: "bo")
            dee = try FramedPeer(port: port, nick: "dee")
            cy = try LinePeer(port: port)
            eve = try LinePeer(port: port)
            try cy.type("/nick cy")
            try eve.type("/nick eve")
            guard try pump([ada, bo, dee], until: { self.ada.entered.count == 2 && self.bo.welcome != nil && self.dee.welcome != nil }) else {
                throw LoopbackSocket.Failure(description: "ada, bo and dee could not join: \(ada.received) \(bo.received) \(dee.received)")
            }
            try bo.join("#dev")
            try bo.join("#art")
            try dee.join("#ops")
            try dee.join("#art")
            try cy.type("/join #ops")
            try cy.type("/join #art")
            try eve.type("/join #dev")
            let settled = try pump(everyone) {
                self.bo.entered("#dev") != nil && self.bo.entered("#art") != nil
                    && self.dee.entered("#ops") != nil && self.dee.entered("#art") != nil
                    && self.cy.lines.contains { $0.hasPrefix("* You are in #art") }
                    && self.eve.lines.contains { $0.hasPrefix("* You are in #dev") }
            }
            guard settled else {
                throw LoopbackSocket.Failure(description: "the rooms were not set up: cy \(cy.lines), eve \(eve.lines)")
            }
        } catch {
            relay.shutdown()
            throw error
        }
    }

    func close() {
        ada.close()
        dee.close()
        try? bo.close()
        cy.close()
        eve.close()
        relay.shutdown()
    }

    /// A chat line as a line client shows it: `[HH:MM] #room <nick> text`, the room only when it
    /// is not the client's current one. `nil` for other lines.
    static func parse(_ line: String) -> (room: String?, from: String, text: String)? {
        guard line.hasPrefix("["), let close = line.firstIndex(of: "]") else { return nil }
        var rest = line[line.index(after: close)...].drop { $0 == " " }
        var room: String?
        if rest.hasPrefix("#"), let space = rest.firstIndex(of: " ") {
            room = String(rest[..<space])
            rest = rest[rest.index(after: space)...]
        }
        guard rest.hasPrefix("<"), let end = rest.firstIndex(of: ">") else { return nil }
        let from = String(rest[rest.index(after: rest.startIndex)..<end])
        let text = rest[rest.index(after: end)...].dropFirst()  // the space after '>'
        return (room, from, String(text))
    }
}
