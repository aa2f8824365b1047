// libFuzzer harness: the reliable link's datagram input, at both ends of an established session.
// A clean handshake runs first; then every fuzz record either delivers raw bytes, mutates a real
// datagram in flight, or advances the clock. Invariant checked: the relay never answers a source it
// has no session for with more bytes than it received. Built and run by scripts/fuzz.sh.
import ParleyLink
import ParleyWire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLink(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var input = Array(UnsafeBufferPointer(start: data, count: size))[...]
    let clientAddress = LinkAddress(ipv4: (127, 0, 0, 1), port: 4000)
    let strangerAddress = LinkAddress(ipv4: (127, 0, 0, 9), port: 4001)
    var server = LinkServer(secret: Array(0..<16), maxSessions: 4, seed: 1)
    var client = LinkClient(nonce: 42, seed: 2)
    var now: UInt64 = 1_000_000_000
    var toServer: [[UInt8]] = []
    var toClient: [[UInt8]] = []

    func collect(_ actions: [LinkClientAction]) {
        for case .send(let bytes) in actions { toServer.append(bytes) }
    }
    func collect(_ actions: [LinkServerAction]) {
        for case .send(let bytes, let address) in actions where address == clientAddress { toClient.append(bytes) }
    }
    func pump() {
        for _ in 0..<8 {
            let s = toServer, c = toClient
            toServer = []; toClient = []
            for bytes in s { collect(server.receive(bytes, from: clientAddress, now: now)) }
            for bytes in c { collect(client.receive(bytes, now: now)) }
            if toServer.isEmpty && toClient.isEmpty { return }
        }
    }

    collect(client.start(now: now))
    pump()
    while let op = input.popFirst() {
        let length = Int(input.popFirst() ?? 0) * 4
        let chunk = Array(input.prefix(length))
        input = input.dropFirst(chunk.count)
        switch op % 6 {
        case 0:  // raw bytes at the relay from the client's address
            collect(server.receive(chunk, from: clientAddress, now: now))
        case 1:  // raw bytes at the relay from a stranger: never amplified
            let replies = server.receive(chunk, from: strangerAddress, now: now)
            var sent = 0
            for case .send(let bytes, let address) in replies where address == strangerAddress { sent += bytes.count }
            if server.sessionIDs.allSatisfy({ server.address(of: $0) != strangerAddress }) && sent > chunk.count {
                fatalError("amplification: \(sent) bytes answered \(chunk.count)")
            }
        case 2:  // raw bytes at the client
            collect(client.receive(chunk, now: now))
        case 3:  // a frame from the client
            let submit = Submit(request: UInt64(chunk.count) + 1, to: .room(RoomName.lobby), text: String(decoding: chunk, as: UTF8.self))
            let frame = ClientMessage.submit(submit).encoded()
            if frame.count <= Limits.maxFrameBytes { collect(client.send(frame: frame, now: now)) }
        case 4:  // mutate the next real datagram in flight
            if var bytes = toServer.first, !bytes.isEmpty, !chunk.isEmpty {
                bytes[Int(chunk[0]) % bytes.count] ^= chunk.count > 1 ? chunk[1] : 0xFF
                toServer[0] = bytes
            }
            pump()
        default:  // time passes
            now += UInt64(chunk.first ?? 1) * 50_000_000
            collect(client.tick(now: now))
            collect(server.tick(now: now))
            pump()
        }
    }
    return 0
}
