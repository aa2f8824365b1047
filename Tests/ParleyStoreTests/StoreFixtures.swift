import Foundation
import ParleyStoreModel
import ParleyStoreSQLite
import ParleyWire

/// A fresh directory under the system's temporary directory, removed with everything in it by
/// `remove()`.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var base = NSTemporaryDirectory()
        while base.count > 1, base.hasSuffix("/") { base.removeLast() }
        var template = Array((base + "/parley-store-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: made)
    }

    /// A path inside this directory.
    func file(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// The stores the conformance suite runs against.
enum StoreKind: String, CaseIterable, CustomStringConvertible {
    case memory
    case sqlite

    var description: String { rawValue }

    /// Runs `body` with a fresh store of this kind (SQLite: in a temporary directory, removed
    /// after the store is released).
    func withStore<Result>(
        retention: StoreRetention = .roomy, _ body: (any RelayStore) throws -> Result
    ) throws -> Result {
        switch self {
        case .memory:
            return try body(MemoryStore(retention: retention))
        case .sqlite:
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            return try body(try SQLiteStore(directory: directory.file("data"), retention: retention))
        }
    }
}

extension StoreRetention {
    /// Bounds no test reaches unless it means to.
    static let roomy = StoreRetention(messagesPerRoom: 1000, submissions: 1000, tokens: 1000)
}

/// Builders for the values the tests write.
enum Sample {
    static func message(
        _ id: UInt64, in room: String = "#lobby", from: String = "alice", time: UInt64? = nil,
        text: String? = nil
    ) -> StoreWrite {
        .message(
            room: RoomName.folded(room),
            Chat(
                id: id, time: time ?? 1_700_000_000_000 &+ id, from: from, to: .room(room), request: id &* 7,
                text: text ?? "message \(id) in \(room)")
        )
    }

    static func privateMessage(_ id: UInt64, from: String, to: String, time: UInt64? = nil) -> StoreWrite {
        .message(
            room: StoreWrite.privateRoom,
            Chat(
                id: id, time: time ?? 1_700_000_000_000 &+ id, from: from, to: .user(to), request: id,
                text: "private \(id) from \(from) to \(to)")
        )
    }

    /// The chats of `writes` that are messages, in order.
    static func chats(_ writes: [StoreWrite]) -> [Chat] {
        writes.compactMap { if case .message(_, let chat) = $0 { chat } else { nil } }
    }
}
