import Foundation
import Testing

@testable import ParleyWire

/// Checks the test vectors printed in PROTOCOL.md byte for byte, so the document and the
/// code cannot drift apart. Each vector is a fenced block tagged `hex` whose first line is
/// `# NAME`; `GoldenVectors` holds the value it must encode (and decode to).
@Suite struct GoldenVectorTests {
    static func protocolDocument() throws -> String {
        // Tests/ParleyWireTests/GoldenVectorTests.swift → the package root.
        let root = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("PROTOCOL.md"), encoding: .utf8)
    }

    /// Every vector in the document, in order: name and bytes.
    static func documentedVectorList() throws -> [(name: String, bytes: [UInt8])] {
        var vectors: [(name: String, bytes: [UInt8])] = []
        var current: (name: String, bytes: [UInt8])?
        var inBlock = false
        for line in try protocolDocument().split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```hex") {
                inBlock = true
                continue
            }
            if inBlock && line.hasPrefix("```") {
                if let current { vectors.append(current) }
                current = nil
                inBlock = false
                continue
            }
            guard inBlock else { continue }
            if line.hasPrefix("# ") {
                current = (String(line.dropFirst(2)).trimmingSpaces(), [])
            } else {
                for pair in line.split(separator: " ") where !pair.isEmpty {
                    guard let byte = UInt8(pair, radix: 16) else { throw NotHex(text: String(pair)) }
                    current?.bytes.append(byte)
                }
            }
        }
        return vectors
    }

    struct NotHex: Error {
        var text: String
    }

    /// Vectors in the document: name → bytes.
    static func documentedVectors() throws -> [String: [UInt8]] {
        Dictionary(try documentedVectorList().map { ($0.name, $0.bytes) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func documentListsEveryExpectedVectorOnce() throws {
        let names = try Self.documentedVectorList().map(\.name)
        #expect(names.count == Set(names).count, "a vector name appears twice")
        #expect(Set(names) == GoldenVectors.allNames)
    }

    @Test func expectedVectorsCoverEveryClientMessageKind() {
        #expect(Set(GoldenVectors.clientFrames.values.map(\.kind)) == Set(ClientMessage.Kind.allCases))
    }

    @Test func expectedVectorsCoverEveryRelayMessageKind() {
        #expect(Set(GoldenVectors.relayFrames.values.map(\.kind)) == Set(RelayMessage.Kind.allCases))
    }

    @Test(arguments: GoldenVectors.other.keys.sorted())
    func fixedBytesMatchTheDocument(name: String) throws {
        let documented = try #require(try Self.documentedVectors()[name])
        #expect(documented == GoldenVectors.other[name])
    }

    @Test(arguments: GoldenVectors.clientFrames.keys.sorted())
    func clientFrameVectorMatchesByteForByte(name: String) throws {
        let documented = try #require(try Self.documentedVectors()[name])
        let message = try #require(GoldenVectors.clientFrames[name])
        #expect(message.encoded() == documented)
        #expect(try ClientMessage.decode(frame: documented) == message)
    }

    @Test(arguments: GoldenVectors.relayFrames.keys.sorted())
    func relayFrameVectorMatchesByteForByte(name: String) throws {
        let documented = try #require(try Self.documentedVectors()[name])
        let message = try #require(GoldenVectors.relayFrames[name])
        #expect(message.encoded() == documented)
        #expect(try RelayMessage.decode(frame: documented) == message)
    }

    @Test(arguments: GoldenVectors.datagrams.keys.sorted())
    func datagramVectorMatchesByteForByte(name: String) throws {
        let documented = try #require(try Self.documentedVectors()[name])
        let datagram = try #require(GoldenVectors.datagrams[name])
        #expect(datagram.encoded() == documented)
        #expect(try Datagram.decode(documented) == datagram)
    }

    /// A version 1 client reads the refusal after version 1's preamble; the document's vector is
    /// exactly what the relay sends it.
    @Test func legacyStreamIsVersionOnePreambleThenTheDocumentedFrame() throws {
        let documented = try #require(try Self.documentedVectors()["legacy-refusal"])
        #expect(LegacyRefusal.stream == Preamble.magic + [1] + documented)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
