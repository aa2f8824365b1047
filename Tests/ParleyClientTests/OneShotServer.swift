import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// A TCP listener on 127.0.0.1 and a free port that answers every connection with the same
/// bytes and closes it: enough to play a relay of another protocol version.
///
/// Concurrency: the listening descriptor is set once; the accept loop runs on its own queue
/// and ends when `stop()` closes the descriptor. Hence `@unchecked Sendable`.
final class OneShotServer: @unchecked Sendable {
    private let listener: Int32
    /// The port it listens on.
    let port: Int

    /// Listens, and answers each connection with `reply`.
    init(reply: [UInt8]) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw OneShotServerError.failed("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 8) == 0 else {
            close(listener)
            throw OneShotServerError.failed("bind or listen")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        DispatchQueue(label: "test.one-shot-server").async {
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }  // closed by stop()
                _ = reply.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                shutdown(connection, Int32(SHUT_WR))
                close(connection)
            }
        }
    }

    /// Stops listening.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }
}

enum OneShotServerError: Error {
    case failed(String)
}
