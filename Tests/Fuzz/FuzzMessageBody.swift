// libFuzzer harness: the first byte is a frame type, the rest a body, straight into both message
// parsers (the relay's ClientMessage and the client's RelayMessage). Whatever decodes must encode
// back to a body that decodes to the same value, and (bytes after the known fields being skipped)
// that body is where the input began, but for a TOPIC read, whose ignored text is written empty.
// Built and run by scripts/fuzz.sh; not part of the SwiftPM package.
import ParleyWire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessageBody(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let type = bytes.first else { return 0 }
    let body = bytes.dropFirst()
    do {
        let message = try ClientMessage.decode(type: type, body: body)
        check(message, against: body, prefixHolds: !isTopicRead(message))
        if message.kind.isRequest && message.request != firstEightBytes(of: body) {
            fatalError("request id differs from the body's first 8 bytes: \(message)")
        }
    } catch {
        // A refusal names the request whenever the body holds an id (PROTOCOL.md §8).
        if body.count >= 8, isRequestOrUnknown(type) {
            guard case .inRequest(let request, _) = error, request == firstEightBytes(of: body) else {
                fatalError("refusal of type \(type) without the body's request id: \(error)")
            }
        }
        if error.isFatal { fatalError("a body alone cannot be a framing error: \(error)") }
    }
    do {
        let message = try RelayMessage.decode(type: type, body: body)
        check(message, against: body, prefixHolds: true)
    } catch {
        if case .inRequest = error { fatalError("a relay message's error carries a request id: \(error)") }
        if error.isFatal { fatalError("a body alone cannot be a framing error: \(error)") }
    }
    return 0
}

private func check<M: WireMessage>(_ message: M, against body: ArraySlice<UInt8>, prefixHolds: Bool) {
    var writer = ByteWriter()
    message.encodeBody(into: &writer)
    guard (try? M.decode(type: message.typeCode, body: writer.bytes[...])) == message else {
        fatalError("round trip differs for \(message)")
    }
    guard (try? M.decode(frame: message.encoded())) == message else { fatalError("frame round trip differs for \(message)") }
    if prefixHolds && !body.starts(with: writer.bytes) { fatalError("re-encoding is not where the body began: \(message)") }
}

private func firstEightBytes(of body: ArraySlice<UInt8>) -> UInt64 {
    body.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
}

private func isTopicRead(_ message: ClientMessage) -> Bool {
    if case .topic(let request) = message, request.newTopic == nil { return true }
    return false
}

/// Requests, and types the relay does not know (refused with the id their body begins with).
private func isRequestOrUnknown(_ type: UInt8) -> Bool {
    guard let kind = ClientMessage.Kind(rawValue: type) else { return true }
    return kind.isRequest
}
