#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What the process (and the relay running inside it) holds, read from /proc.
struct Resources: Equatable, CustomStringConvertible {
    /// Open file descriptors of the whole process.
    var descriptors: Int
    /// Resident memory of the whole process, in bytes.
    var residentBytes: Int
    /// TCP sockets held open on the relay's port: its listener and one per accepted connection.
    var relaySockets: Int
    /// TCP sockets held open towards the relay's port: the test's own clients.
    var clientSockets: Int

    /// Reads the figures now; `port` is the relay's.
    static func measure(relayPort port: Int) -> Resources {
        let tcp = tcpSockets(port: port)
        return Resources(descriptors: openDescriptors(), residentBytes: residentBytes(), relaySockets: tcp.local, clientSockets: tcp.remote)
    }

    var description: String {
        "fds \(descriptors), RSS \(residentBytes / 1024) KiB, relay sockets \(relaySockets), client sockets \(clientSockets)"
    }

    static func openDescriptors() -> Int {
        guard let directory = opendir("/proc/self/fd") else { return -1 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { count += 1 }
        }
        return count - 1  // the directory stream itself
    }

    static func residentBytes() -> Int {
        let fields = read("/proc/self/statm").split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return -1 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Sockets in /proc/net/tcp that a descriptor of this process holds (TIME_WAIT leftovers
    /// and other processes' sockets are not counted), with `port` as their local or their
    /// remote port.
    static func tcpSockets(port: Int) -> (local: Int, remote: Int) {
        let held = socketInodes()
        var local = 0
        var remote = 0
        for line in read("/proc/net/tcp").split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            guard fields.count > 9, fields[9] != "0", held.contains(String(fields[9])) else { continue }
            if Self.port(of: fields[1]) == port { local += 1 }
            if Self.port(of: fields[2]) == port { remote += 1 }
        }
        return (local, remote)
    }

    /// The inodes of the sockets this process's descriptors refer to ("socket:[INODE]").
    static func socketInodes() -> Set<String> {
        guard let directory = opendir("/proc/self/fd") else { return [] }
        defer { closedir(directory) }
        var inodes: Set<String> = []
        var target = [CChar](repeating: 0, count: 64)
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name != "." && name != ".." else { continue }
            let count = target.withUnsafeMutableBufferPointer { readlink("/proc/self/fd/\(name)", $0.baseAddress!, $0.count - 1) }
            guard count > 0 else { continue }
            let link = String(decoding: target[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if link.hasPrefix("socket:["), link.hasSuffix("]") { inodes.insert(String(link.dropFirst(8).dropLast())) }
        }
        return inodes
    }

    private static func port(of field: Substring) -> Int? {
        guard let colon = field.lastIndex(of: ":") else { return nil }
        return Int(field[field.index(after: colon)...], radix: 16)
    }

    /// A whole (small) file from /proc.
    static func read(_ path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether this process runs under AddressSanitizer or ThreadSanitizer (both keep freed
    /// memory and slow everything down, so memory figures and load sizes are adjusted).
    static let sanitizer: String? = {
        guard let handle = dlopen(nil, RTLD_NOW) else { return nil }
        defer { dlclose(handle) }
        if dlsym(handle, "__asan_init") != nil { return "address" }
        if dlsym(handle, "__tsan_init") != nil { return "thread" }
        return nil
    }()
}
