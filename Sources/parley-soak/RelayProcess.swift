import Glibc

/// A `parley-relay` child process on 127.0.0.1 and a free port: started, sampled through
/// /proc/PID, and stopped by its PID (SIGTERM, then SIGKILL if it does not go).
final class RelayProcess {
    /// What the relay holds at one moment.
    struct Sample: CustomStringConvertible {
        var residentKiB: Int
        var descriptors: Int
        var description: String { "VmRSS \(residentKiB) KiB, \(descriptors) fds" }
    }

    let pid: pid_t
    let port: Int
    private var exited = false

    /// Starts `binary` listening on a free port, its output appended to `logPath`, and waits
    /// (at most 15 s) until it accepts connections.
    init(binary: String, logPath: String, arguments: [String]) throws(SoakError) {
        port = try RelayProcess.freePort()
        let argv = [binary, "--host", "127.0.0.1", "--port", "\(port)"] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, binary, &actions, nil, &cArguments, environ)
        guard result == 0 else { throw .relay("could not start \(binary): \(String(cString: strerror(result)))") }
        pid = child
        let deadline = SoakClock.seconds() + 15
        while SoakClock.seconds() < deadline {
            if isAccepting() { return }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exited = true
                throw .relay("the relay exited at start (status \(status)); see \(logPath)")
            }
            usleep(50_000)
        }
        stop()
        throw .relay("the relay did not accept connections within 15 s; see \(logPath)")
    }

    deinit { stop() }

    /// Memory and descriptors, from /proc/PID.
    func sample() -> Sample {
        var resident = -1
        for line in RelayProcess.read("/proc/\(pid)/status").split(separator: "\n") where line.hasPrefix("VmRSS:") {
            resident = Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
        }
        var descriptors = 0
        if let directory = opendir("/proc/\(pid)/fd") {
            while let entry = readdir(directory) {
                let first = withUnsafeBytes(of: entry.pointee.d_name) { $0[0] }
                if first != UInt8(ascii: ".") { descriptors += 1 }
            }
            closedir(directory)
        } else {
            descriptors = -1
        }
        return Sample(residentKiB: resident, descriptors: descriptors)
    }

    /// Whether the relay is still running.
    var isRunning: Bool {
        guard !exited else { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { exited = true }
        return !exited
    }

    /// SIGTERM, up to 5 s for a graceful exit, then SIGKILL. Only ever this child, by its PID.
    func stop() {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = SoakClock.seconds() + 5
        var status: Int32 = 0
        while SoakClock.seconds() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid {
                exited = true
                return
            }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        exited = true
    }

    private func isAccepting() -> Bool {
        guard let socket = try? SoakSocket.tcp(port: port) else { return false }
        defer { socket.close() }
        var descriptor = pollfd(fd: socket.fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&descriptor, 1, 200) > 0 else { return false }
        var code: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(socket.fd, SOL_SOCKET, SO_ERROR, &code, &size)
        return code == 0
    }

    /// A port free for both TCP and UDP on 127.0.0.1 right now.
    static func freePort() throws(SoakError) -> Int {
        for _ in 0..<20 {
            let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard tcp >= 0 else { throw .system("socket", errno) }
            defer { close(tcp) }
            var address = SoakSocket.loopback(port: 0)
            var size = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(tcp, $0, size) == 0 && getsockname(tcp, $0, &size) == 0 }
            }
            guard bound else { continue }
            let port = Int(UInt16(bigEndian: address.sin_port))
            let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            defer { close(udp) }
            var same = SoakSocket.loopback(port: port)
            let free = withUnsafePointer(to: &same) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(udp, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            if free { return port }
        }
        throw .relay("no free port on 127.0.0.1")
    }

    static func read(_ path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
