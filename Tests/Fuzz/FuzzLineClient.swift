// libFuzzer harness: a plain-text line client's bytes into the relay core, with a second line
// client (in #lobby and #dev, so it sees rooms other than its current one) and a framed client
// watching. Invariants checked: nothing that reaches a line client can control its terminal (no
// escape, control or bidi scalars besides the line ending), whether or not the line names its room,
// and every frame the relay sends decodes. Built and run by scripts/fuzz.sh.
import ParleyRelayCore
import ParleyWire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLineClient(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var core = RelayCore(settings: RelaySettings())
    let formatter = LineFormatter()
    let hostile = PeerID(1), watcher = PeerID(2), framed = PeerID(3)
    var now: UInt64 = 1_000_000_000

    func check(_ actions: [RelayAction]) {
        for action in actions {
            let message: RelayMessage
            switch action {
            case .send(let m, _), .deliver(let m, _): message = m
            default: continue
            }
            guard (try? RelayMessage.decode(frame: message.encoded())) == message else { fatalError("undecodable frame \(message)") }
            for showingRoom in [false, true] {
                guard let text = formatter.text(for: message, showingRoom: showingRoom) else { continue }
                for scalar in text.unicodeScalars where scalar != "\n" && SafeText.isDangerous(scalar) {
                    fatalError("terminal control reached a line client: \(scalar.value) in \(text)")
                }
            }
        }
    }

    check(core.handle(.streamOpened(watcher, from: "", now: now)))
    check(core.handle(.streamBytes(watcher, Array("/nick watcher\n/join #dev\n/join #lobby\n".utf8), now: now)))
    check(core.handle(.streamOpened(framed, from: "", now: now)))
    let hello = ClientMessage.hello(Hello(request: 1, nick: "framed", rooms: [RoomCursor(room: "#lobby"), RoomCursor(room: "#dev")]))
    check(core.handle(.streamBytes(framed, Preamble.bytes + hello.encoded(), now: now)))
    check(core.handle(.streamOpened(hostile, from: "", now: now)))
    // Feed the input in chunks cut at the fuzzer's 0xFF bytes, so line boundaries vary.
    for chunk in bytes.split(separator: 0xFF, omittingEmptySubsequences: false) {
        now += 10_000_000
        check(core.handle(.streamBytes(hostile, Array(chunk), now: now)))
    }
    check(core.handle(.inputClosed(hostile, now: now)))
    check(core.handle(.tick(now: now + 60_000_000_000)))
    return 0
}
