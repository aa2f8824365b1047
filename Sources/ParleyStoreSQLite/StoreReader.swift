import Foundation
import GRDB
import ParleyStoreModel
import ParleyWire

/// Reads the whole store into a `StoreSnapshot`, within the bounds of the current retention
/// (which may be lower than the one the rows were written under).
struct StoreReader {
    let db: Database
    let retention: StoreRetention
    /// The database's path, for errors.
    let path: String

    func snapshot() throws -> StoreSnapshot {
        var snapshot = StoreSnapshot(
            epoch: try meta(StoreSchema.Meta.epoch),
            roomMessagesStamped: try meta(StoreSchema.Meta.roomMessagesStamped)
        )
        let rooms = try Row.fetchCursor(
            db, sql: "SELECT key, name, lastID, topic, topicSetBy, topicTime FROM rooms ORDER BY key"
        )
        while let row = try rooms.next() {
            let key = try row.decode(String.self, atIndex: 0)
            let lastID = UInt64(bitPattern: try row.decode(Int64.self, atIndex: 2))
            if key == StoreWrite.privateRoom {
                snapshot.privateLastID = lastID
                continue
            }
            snapshot.rooms.append(
                StoredRoom(
                    key: key, name: try row.decode(String.self, atIndex: 1), lastID: lastID,
                    topic: Self.text(row[3] as Data?), topicSetBy: try row.decode(String.self, atIndex: 4),
                    topicTime: UInt64(bitPattern: try row.decode(Int64.self, atIndex: 5))
                )
            )
        }
        // Rooms are few and their messages many: read each room's kept messages in id order.
        for index in snapshot.rooms.indices {
            let room = snapshot.rooms[index]
            snapshot.rooms[index].messages = try segmentMessages(in: room.key, lastID: room.lastID)
        }
        snapshot.privateMessages = try messages(in: StoreWrite.privateRoom, lastID: snapshot.privateLastID)
        let rows = try newest(
            "SELECT nick, key, room, id, time FROM submissions ORDER BY seq DESC LIMIT ?", retention.submissions
        ) { row in
            StoredSubmission(
                nick: try row.decode(String.self, atIndex: 0),
                key: UInt64(bitPattern: try row.decode(Int64.self, atIndex: 1)),
                room: try row.decode(String.self, atIndex: 2),
                id: UInt64(bitPattern: try row.decode(Int64.self, atIndex: 3)),
                time: UInt64(bitPattern: try row.decode(Int64.self, atIndex: 4))
            )
        }
        snapshot.submissions = StoredSubmission.ledger(rows)
        let tokens = "SELECT nick, token FROM tokens ORDER BY seq DESC LIMIT ?"
        snapshot.tokens = try newest(tokens, retention.tokens) { row in
            StoredToken(
                nick: try row.decode(String.self, atIndex: 0),
                token: UInt64(bitPattern: try row.decode(Int64.self, atIndex: 1))
            )
        }
        return snapshot
    }

    private func meta(_ key: String) throws -> UInt64 {
        let value = try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
        guard let value else { throw StoreError.corrupt(path: path, reason: "it has no \(key)") }
        return UInt64(bitPattern: value)
    }

    /// The messages of `room` that retention keeps, oldest first.
    private func messages(in room: String, lastID: UInt64) throws -> [StoredPrivateMessage] {
        let kept = UInt64(retention.messagesPerRoom)
        let after = lastID >= kept ? lastID - kept : 0
        var messages: [StoredPrivateMessage] = []
        for range in StoredRange.above(after) {
            let statement = try db.cachedStatement(
                sql: """
                    SELECT id, time, kind, author, target, targetIsUser, request, text, sealed
                    FROM messages WHERE room = ? AND id BETWEEN ? AND ? ORDER BY id
                    """
            )
            let rows = try Row.fetchCursor(statement, arguments: [room, range.lowerBound, range.upperBound])
            while let row = try rows.next() { messages.append(try message(row, room: room)) }
        }
        return messages
    }

    /// The messages of a room that retention keeps, oldest first, from its segments.
    private func segmentMessages(in room: String, lastID: UInt64) throws -> [Chat] {
        let kept = UInt64(retention.messagesPerRoom)
        let after = lastID >= kept ? lastID - kept : 0
        var chats: [Chat] = []
        for range in StoredRange.above(after) {
            let statement = try db.cachedStatement(
                sql: "SELECT body FROM segments WHERE room = ? AND lastID BETWEEN ? AND ? ORDER BY lastID")
            let rows = try Row.fetchCursor(statement, arguments: [room, range.lowerBound, range.upperBound])
            while let row = try rows.next() {
                let body = [UInt8](row[0] as Data? ?? Data())
                chats += try Segment.chats(in: body, path: path).filter { $0.id > after }
            }
        }
        return chats
    }

    private func message(_ row: Row, room: String) throws -> StoredPrivateMessage {
        try Self.message(row, room: room, path: path)
    }

    /// A row of `messages` (id, time, kind, author, target, targetIsUser, request, text, sealed).
    static func message(_ row: Row, room: String, path: String) throws -> StoredPrivateMessage {
        let rawKind = try row.decode(Int64.self, atIndex: 2)
        guard let kind = UInt8(exactly: rawKind).flatMap(MessageKind.init(rawValue:)) else {
            throw StoreError.corrupt(path: path, reason: "a message in '\(room)' has the unknown kind \(rawKind)")
        }
        let target = try row.decode(String.self, atIndex: 4)
        let sealed = try row.decode(Int64.self, atIndex: 8)
        let chat = Chat(
            id: UInt64(bitPattern: try row.decode(Int64.self, atIndex: 0)),
            time: UInt64(bitPattern: try row.decode(Int64.self, atIndex: 1)),
            kind: kind,
            from: try row.decode(String.self, atIndex: 3),
            to: try row.decode(Bool.self, atIndex: 5) ? .user(target) : .room(target),
            request: UInt64(bitPattern: try row.decode(Int64.self, atIndex: 6)),
            text: Self.text(row[7] as Data?)
        )
        return StoredPrivateMessage(chat: chat, sealedForSender: sealed & 1 != 0, sealedForRecipient: sealed & 2 != 0)
    }

    /// The newest `limit` rows of a query ordered newest first, returned oldest first.
    private func newest<Value>(_ sql: String, _ limit: Int, _ decode: (Row) throws -> Value) throws -> [Value] {
        var values: [Value] = []
        let rows = try Row.fetchCursor(db, sql: sql, arguments: [limit])
        while let row = try rows.next() { values.append(try decode(row)) }
        return values.reversed()
    }

    /// UTF-8 text stored as a BLOB (NULL: the empty text).
    private static func text(_ data: Data?) -> String {
        guard let data else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
