import ParleyWire
import Testing

@testable import ParleyClient

/// The transports' reading of the relay's bytes (ParleyWire's InboundStream underneath).
struct RelayInboundTests {
    let pong = RelayMessage.pong(7)
    let notice = RelayMessage.notice("hello")

    /// The messages of every `.messages` event, and what else was reported, as text.
    func read(_ chunks: [[UInt8]], mode: InboundStream<RelayMessage>.Mode = .framedWithPreamble) -> (messages: [RelayMessage], other: [String]) {
        var inbound = RelayInbound(mode)
        var messages: [RelayMessage] = []
        var other: [String] = []
        for chunk in chunks {
            for event in inbound.events(for: chunk) {
                switch event {
                case .messages(let batch): messages += batch
                case .malformed(let problem): other.append("malformed: \(problem)")
                case .down(let error): other.append("down: \(error)")
                case .up, .quality: other.append("unexpected")
                }
            }
        }
        return (messages, other)
    }

    @Test(arguments: [1, 2, 3, 5, 7, 64])
    func framesSplitAnywhereDecodeTheSame(chunkSize: Int) {
        let bytes = Preamble.bytes + pong.encoded() + notice.encoded()
        let chunks = stride(from: 0, to: bytes.count, by: chunkSize).map { Array(bytes[$0..<min($0 + chunkSize, bytes.count)]) }
        let result = read(chunks)
        #expect(result.messages == [pong, notice])
        #expect(result.other.isEmpty)
    }

    @Test func aRelayOfAnotherVersionSaysWhichVersionsDiffer() {
        let result = read([LegacyRefusal.stream])
        #expect(result.messages.isEmpty)
        #expect(result.other == ["down: the relay speaks protocol version 1; this client speaks 2"])
    }

    @Test func notParleyAtAllIsAProtocolViolation() {
        let result = read([Array("HTTP/1.1 400 Bad Request\r\n".utf8)])
        #expect(result.other.count == 1)
        #expect(result.other.first?.hasPrefix("down: the relay sent something that is not Parley") == true)
    }

    @Test func anUnknownMessageTypeIsSkippedSilently() {
        // A later relay's new notification: type 0x7E with some body.
        let unknown: [UInt8] = [0, 0, 0, 3, 0x7E, 1, 2, 3]
        let result = read([Preamble.bytes + pong.encoded() + unknown + notice.encoded()])
        #expect(result.messages == [pong, notice])
        #expect(result.other.isEmpty)
    }

    @Test func anUndefinedEnumValueIsReportedAndReadingGoesOn() {
        var chat = RelayMessage.chat(Chat(id: 1, time: 2, from: "bob", text: "hi")).encoded()
        chat[5 + 16] = 9  // the message kind: 1 text, 2 action, 9 undefined
        let result = read([Preamble.bytes + chat + notice.encoded()])
        #expect(result.messages == [notice])
        #expect(result.other.count == 1)
        #expect(result.other.first?.contains("undefined value 9") == true)
    }

    @Test func aUDPLinksFramesHaveNoPreamble() {
        let result = read([pong.encoded(), notice.encoded()], mode: .frames)
        #expect(result.messages == [pong, notice])
    }
}
