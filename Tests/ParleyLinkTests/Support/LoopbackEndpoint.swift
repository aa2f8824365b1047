import Dispatch
import Glibc
import ParleyFaultProxy
import ParleyTestSupport

/// A UDP socket on 127.0.0.1 with a read source and a one-shot deadline timer, all on one
/// serial queue: the shell half of a test end. The owner's closures run on `queue`.
///
/// Mutable state is confined to `queue`, hence `@unchecked Sendable`.
final class LoopbackEndpoint: @unchecked Sendable {
    let queue: DispatchQueue
    let socket: UDPSocket
    private let readSource: DispatchSourceRead
    private let timer: DispatchSourceTimer
    private let closed = DispatchGroup()
    // Guarded by `queue`.
    private var running = true

    /// - Parameters:
    ///   - onDatagram: called on `queue` for each datagram received.
    ///   - onTimer: called on `queue` when the deadline passes.
    init(label: String, onDatagram: @escaping @Sendable ([UInt8], UDPEndpoint) -> Void, onTimer: @escaping @Sendable () -> Void) throws {
        queue = DispatchQueue(label: label)
        let socket = try UDPSocket()
        self.socket = socket
        readSource = DispatchSource.makeReadSource(fileDescriptor: socket.descriptor, queue: queue)
        timer = DispatchSource.makeTimerSource(queue: queue)
        readSource.setEventHandler {
            for _ in 0..<64 {
                guard let (bytes, from) = socket.receive() else { return }
                onDatagram(bytes, from)
            }
        }
        timer.setEventHandler(handler: onTimer)
        closed.enter()
        readSource.setCancelHandler { [closed] in
            socket.close()
            closed.leave()
        }
        timer.schedule(deadline: .distantFuture)
        readSource.resume()
        timer.resume()
    }

    /// Re-arms the timer for a monotonic deadline in nanoseconds (`nil`: none). Call on `queue`.
    func schedule(_ deadline: UInt64?) {
        guard running else { return }
        if let deadline {
            timer.schedule(deadline: DispatchTime(uptimeNanoseconds: max(deadline, 1)), leeway: .microseconds(200))
        } else {
            timer.schedule(deadline: .distantFuture)
        }
    }

    /// Sends on the socket. Call on `queue`.
    func send(_ bytes: [UInt8], to endpoint: UDPEndpoint) {
        if running { socket.send(bytes, to: endpoint) }
    }

    /// Cancels the sources and closes the socket; returns once closed.
    func stop() {
        queue.sync {
            guard running else { return }
            running = false
            timer.cancel()
            readSource.cancel()
        }
        _ = closed.wait(timeout: .now() + .seconds(5))
    }

    /// Monotonic nanoseconds, the clock every link state machine in these tests runs on.
    static var now: UInt64 { DispatchTime.now().uptimeNanoseconds }
}

/// Polls `condition` every 5 ms until it holds or `timeout` passes; returns whether it held
/// (ParleyTestSupport's bounded wait, on a `Duration`).
func wait(upTo timeout: Duration, until condition: () -> Bool) -> Bool {
    let (seconds, attoseconds) = timeout.components
    return TestClock.wait(upTo: Double(seconds) + Double(attoseconds) / 1e18, until: condition)
}
