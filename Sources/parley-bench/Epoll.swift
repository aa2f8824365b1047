import Glibc

/// A level-triggered epoll set whose events carry a client index.
///
/// Swift's Glibc module does not include `<sys/epoll.h>`, and this program may not add a C shim, so
/// the three calls are looked up with `dlsym` and `struct epoll_event` is laid out by hand (12 bytes,
/// packed, on x86-64; 16 bytes elsewhere).
final class Epoll {
    private typealias CreateFunction = @convention(c) (Int32) -> Int32
    private typealias ControlFunction = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    private typealias WaitFunction = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32

    private static let readable: UInt32 = 0x001
    private static let writable: UInt32 = 0x004
    private static let error: UInt32 = 0x008
    private static let hangUp: UInt32 = 0x010
    private static let cloexec: Int32 = 0o2_000_000
    private static let add: Int32 = 1
    private static let change: Int32 = 3
    #if arch(x86_64)
        private static let eventSize = 12
    #else
        private static let eventSize = 16
    #endif
    private static let dataOffset = eventSize - 8

    private let fd: Int32
    private let control: ControlFunction
    private let waitFunction: WaitFunction
    private let capacity: Int
    private let events: UnsafeMutableRawPointer

    /// Creates the set; `capacity` events are returned per wait at most.
    init(capacity: Int = 1024) throws(BenchError) {
        guard let library = dlopen(nil, RTLD_NOW),
            let create = dlsym(library, "epoll_create1"),
            let control = dlsym(library, "epoll_ctl"),
            let wait = dlsym(library, "epoll_wait")
        else { throw .system(operation: "dlsym(epoll)", code: ENOSYS) }
        self.control = unsafeBitCast(control, to: ControlFunction.self)
        waitFunction = unsafeBitCast(wait, to: WaitFunction.self)
        fd = unsafeBitCast(create, to: CreateFunction.self)(Self.cloexec)
        guard fd >= 0 else { throw .lastSystemError("epoll_create1") }
        self.capacity = capacity
        events = .allocate(byteCount: capacity * Self.eventSize, alignment: 8)
    }

    deinit {
        events.deallocate()
        Socket.close(fd)
    }

    /// Watches `descriptor` for reading, and for writing too when `writable`.
    func add(_ descriptor: Int32, index: Int, writable: Bool) throws(BenchError) {
        guard apply(Self.add, descriptor, index: index, writable: writable) == 0 else {
            throw .lastSystemError("epoll_ctl(ADD)")
        }
    }

    /// Changes whether `descriptor` is watched for writing.
    func modify(_ descriptor: Int32, index: Int, writable: Bool) {
        _ = apply(Self.change, descriptor, index: index, writable: writable)
    }

    /// Waits up to `timeoutMilliseconds` (0: poll) and calls `handle(index, readable, writable, failed)` per event.
    func wait(timeoutMilliseconds: Int32, _ handle: (Int, Bool, Bool, Bool) -> Void) {
        let count = waitFunction(fd, events, Int32(capacity), timeoutMilliseconds)
        guard count > 0 else { return }
        for i in 0..<Int(count) {
            let event = events + i * Self.eventSize
            let flags = event.loadUnaligned(as: UInt32.self)
            let index = Int(event.loadUnaligned(fromByteOffset: Self.dataOffset, as: UInt64.self))
            handle(index, flags & Self.readable != 0, flags & Self.writable != 0, flags & (Self.error | Self.hangUp) != 0)
        }
    }

    private func apply(_ operation: Int32, _ descriptor: Int32, index: Int, writable: Bool) -> Int32 {
        var event = (UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &event) { raw in
            raw.storeBytes(of: Self.readable | (writable ? Self.writable : 0), toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: UInt64(index), toByteOffset: Self.dataOffset, as: UInt64.self)
            return control(fd, operation, descriptor, raw.baseAddress)
        }
    }
}
