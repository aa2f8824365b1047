import Testing
@testable import ParleyWire

import Foundation

/// Checks the test vectors printed in PROTOCOL.md byte for byte, so the document and the
/// code cannot drift apart. Each vector is a fenced block tagged `hex` whose first line is
/// `# NAME`; `GoldenVectors.expected[NAME]` is the value it must encode.
@Suite struct GoldenVectorTests {
    static func protocolDocument() throws -> String {
        // Tests/ParleyWireTests/GoldenVectorTests.swift → the package root.
        let root = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("PROTOCOL.md"), encoding: .utf8)
    }

    struct DocumentMissing: Error {}

    /// Vectors in the document: name → bytes.
    static func documentedVectors() throws -> [String: [UInt8]] {
        var vectors: [String: [UInt8]] = [:]
        var current: (name: String, bytes: [UInt8])?
        var inBlock = false
        for line in try protocolDocument().split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```hex") { inBlock = true; continue }
            if inBlock && line.hasPrefix("```") {
                if let current { vectors[current.name] = current.bytes }
                current = nil
                inBlock = false
                continue
            }
            guard inBlock else { continue }
            if line.hasPrefix("# ") {
                current = (String(line.dropFirst(2)).trimmingSpaces(), [])
            } else {
                let hex = line.split(separator: "|").first ?? ""
                for pair in hex.split(separator: " ") where !pair.isEmpty {
                    current?.bytes.append(UInt8(pair, radix: 16)!)
                }
            }
        }
        return vectors
    }

    @Test func documentListsEveryExpectedVector() throws {
        let documented = try Self.documentedVectors()
        #expect(Set(documented.keys) == Set(GoldenVectors.frames.keys).union(GoldenVectors.datagrams.keys).union(["preamble"]))
    }

    @Test func preambleMatchesTheDocument() throws {
        #expect(try Self.documentedVectors()["preamble"] == Preamble.bytes)
    }

    @Test(arguments: GoldenVectors.frames.keys.sorted())
    func frameVectorMatchesByteForByte(name: String) throws {
        let documented = try #require(try Self.documentedVectors()[name])
        let message = try #require(GoldenVectors.frames[name])
        #expect(message.encoded() == documented)
        #expect(try Message.decode(frame: documented) == message)
    }

    @Test(arguments: GoldenVectors.datagrams.keys.sorted())
    func datagramVectorMatchesByteForByte(name: String) throws {
        let documented = try #require(try Self.documentedVectors()[name])
        let datagram = try #require(GoldenVectors.datagrams[name])
        #expect(datagram.encoded() == documented)
        #expect(try Datagram.decode(documented) == datagram)
    }
}

enum GoldenVectors {
    static let frames: [String: Message] = [
        "hello": .hello(Hello(nick: "alice", resumeAfter: 0, history: 50)),
        "hello-resume": .hello(Hello(nick: "alice", resumeAfter: 1234, history: Hello.defaultHistory, resumeToken: 0x0123_4567_89AB_CDEF)),
        "welcome": .welcome(Welcome(nick: "alice", lastID: 1234, time: 1_795_000_000_000, resume: .complete, replayCount: 2, resumeToken: 0x0123_4567_89AB_CDEF)),
        "submit": .submit(Submit(key: 7, kind: .text, target: "", text: "hi 世界")),
        "submit-action": .submit(Submit(key: 8, kind: .action, target: "", text: "waves")),
        "submit-private": .submit(Submit(key: 9, kind: .text, target: "bob", text: "psst")),
        "chat": .chat(Chat(id: 1235, time: 1_795_000_000_500, kind: .text, from: "alice", target: "", key: 7, text: "hi 世界")),
        "nick": .nick("Alice"),
        "renamed": .renamed(Renamed(old: "alice", new: "Alice", time: 1_795_000_000_600)),
        "joined": .joined(Joined(nick: "bob", transport: .udp, time: 1_795_000_000_700)),
        "left": .left(Left(nick: "bob", reason: .quit, detail: "bye", time: 1_795_000_000_800)),
        "who": .who,
        "roster": .roster(Roster(isFinal: true, entries: [RosterEntry(nick: "alice", transport: .tcp), RosterEntry(nick: "bob", transport: .udp)])),
        "error": .error(ErrorReport(code: .rateLimited, key: 7, text: "rate limited")),
        "notice": .notice("gap"),
        "ping": .ping(1),
        "pong": .pong(1),
        "bye": .bye("later"),
    ]

    static let datagrams: [String: Datagram] = [
        "udp-init": .initiate(nonce: 0x0102_0304_0506_0708),
        "udp-cookie": .cookie(nonce: 0x0102_0304_0506_0708, cookie: Cookie(issued: 1000, mac: 0xA1A2_A3A4_A5A6_A7A8)),
        "udp-connect": .connect(nonce: 0x0102_0304_0506_0708, cookie: Cookie(issued: 1000, mac: 0xA1A2_A3A4_A5A6_A7A8), resumeSession: 0),
        "udp-accept": .accept(nonce: 0x0102_0304_0506_0708, session: 0x1122_3344_5566_7788),
        "udp-data": .data(DataSegment(session: 0x1122_3344_5566_7788, sequence: 1, ack: Acknowledgement(cumulative: 0, selective: 0), fragmentIndex: 0, fragmentCount: 1, payload: Message.ping(1).encoded())),
        "udp-ack": .ack(session: 0x1122_3344_5566_7788, ack: Acknowledgement(cumulative: 5, selective: 0b101)),
        "udp-close": .close(session: 0x1122_3344_5566_7788, reason: 1),
        "udp-reset": .reset(session: 0x1122_3344_5566_7788),
    ]
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
