import ParleyWire
import Testing

@testable import ParleyClientCore

@Suite struct RefusalTests {
    @Test(arguments: [
        (ErrorCode.notInRoom, PendingRequest.submit(to: .room("#dev")), "not in that room: you are not in #dev"),
        (.noSuchRoom, .submit(to: .room("#gone")), "no such room: #gone does not exist"),
        (.emptyText, .submit(to: .room("#dev")), "empty text"),
        (.textTooLong, .submit(to: .user("bob")), "too long: the limit is 4096 bytes"),
        (.invalidRoom, .join("#x"), "cannot join #x: invalid room name"),
        (.notInRoom, .part("#x"), "cannot leave #x: you are not in it"),
        (.notInRoom, .topic(room: "#x", newTopic: "t", window: .lobby), "cannot set the topic of #x: you are not in it"),
        (.rateLimited, .list(window: .lobby), "cannot list the rooms: rate limited"),
        (ErrorCode(rawValue: 77), .join("#x"), "cannot join #x: error 77"),
    ])
    func wordsARefusalFromItsCodeAndRequest(code: ErrorCode, request: PendingRequest, text: String) {
        #expect(Refusal.text(for: code, refusing: request) == text)
    }
}
