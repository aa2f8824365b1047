import Foundation
import Testing

/// A tmpfs of a few megabytes mounted by the test (which runs as root, as CI does), so that a
/// full disk can be made and taken back without touching the machine's own filesystems.
struct SmallFilesystem {
    let path: String

    init(at path: String, megabytes: Int) throws {
        self.path = path
        let status = Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0755", "parley-test", path])
        try #require(status == 0, "mounting a \(megabytes) MiB tmpfs at \(path) failed (status \(status)); this test needs root, as CI has")
    }

    /// Writes a file that leaves about `bytes` free.
    func fill(_ file: String, leaving bytes: Int) throws {
        var info = statvfs()
        try #require(statvfs(path, &info) == 0)
        let free = Int(info.f_bavail) * Int(info.f_frsize)
        let size = max(0, free - bytes)
        try #require(FileManager.default.createFile(atPath: file, contents: Data(count: size)), "cannot write \(file)")
    }

    func unmount() {
        _ = Self.run("/bin/umount", ["-l", path])
    }

    private static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
