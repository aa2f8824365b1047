import GRDB
import ParleyStoreModel
import ParleyWire

/// A room's messages of one transaction, kept as one row of `segments`: their CHAT frames (the
/// wire protocol's own encoding, PROTOCOL.md §3.6), one after another.
///
/// A flood stores hundreds of thousands of messages a second; a row per message costs SQLite a
/// B-tree insert each, a row per room per transaction costs it one per batch. Private messages
/// stay a row each (`messages`), since sealing updates them one by one.
struct Segment {
    /// At most this many messages, or about this many bytes, in one segment: a bound on what
    /// retention keeps beyond `messagesPerRoom`, and on what one row holds.
    static let messageLimit = 512
    static let byteLimit = 64 * 1024

    private(set) var frames = ByteWriter(capacity: 4096)
    private(set) var firstID: UInt64 = 0
    private(set) var lastID: UInt64 = 0
    /// The earliest and latest times of its messages (times may not follow ids after a clock step).
    private(set) var oldest: UInt64 = .max
    private(set) var newest: UInt64 = 0
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count >= Self.messageLimit || frames.bytes.count >= Self.byteLimit }

    /// Adds the next message of the room (ids rise).
    mutating func append(_ chat: Chat) {
        if count == 0 { firstID = chat.id }
        lastID = chat.id
        oldest = min(oldest, chat.time)
        newest = max(newest, chat.time)
        count += 1
        RelayMessage.chat(chat).encode(into: &frames)
    }

    /// A segment of `chats` (in id order).
    init(_ chats: some Sequence<Chat>) {
        for chat in chats { append(chat) }
    }

    init() {}

    /// Stores this segment as a row of `room` (inside the caller's transaction).
    func write(to db: Database, room: String) throws {
        let insert = try FastInsert(
            db, sql: "INSERT INTO segments(room, lastID, firstID, oldest, newest, body) VALUES (?, ?, ?, ?, ?, ?)")
        insert.bind(1, text: room)
        insert.bind(2, lastID)
        insert.bind(3, firstID)
        insert.bind(4, oldest)
        insert.bind(5, newest)
        insert.bind(6, bytes: frames.bytes)
        try insert.step()
    }

    /// The messages a stored segment holds, in id order.
    ///
    /// - Throws: `StoreError.corrupt` if the bytes are not CHAT frames.
    static func chats(in body: [UInt8], path: String) throws(StoreError) -> [Chat] {
        var decoder = FrameDecoder<RelayMessage>(expectsPreamble: false)
        decoder.append(body)
        var chats: [Chat] = []
        do {
            while let message = try decoder.next() {
                guard case .chat(let chat) = message else {
                    throw StoreError.corrupt(path: path, reason: "a stored segment holds a \(message) frame, not a message")
                }
                chats.append(chat)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .corrupt(path: path, reason: "a stored segment cannot be read: \(error)")
        }
        guard decoder.bufferedByteCount == 0 else {
            throw .corrupt(path: path, reason: "a stored segment ends in the middle of a message")
        }
        return chats
    }
}
