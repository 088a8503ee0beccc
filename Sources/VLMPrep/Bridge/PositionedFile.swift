import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written at explicit byte offsets (`pwrite(2)`), from several tasks at once: each writer
/// owns its own range, no shared file position. Used to stream tensors computed in parallel
/// straight to their places in a safetensors file.
final class PositionedFile: Sendable {
    /// The path it was opened with.
    let path: String
    private let descriptor: Int32
    /// Serialises the writes: the kernel takes the file's lock for each write anyway, and a
    /// writer waiting there spins (tmpfs: a third of the CPU went to `rwsem_spin_on_owner` with
    /// two writers, and as much to `Mutex`'s priority-inheritance futex); waiting on a plain
    /// pthread mutex sleeps and leaves the core to the other tasks.
    private let writeLock = NSLock()

    /// Creates (or truncates) a regular file, mode 0644, or opens an existing character device
    /// (`/dev/null`) for writing.
    /// - Throws: `POSIXError` from `open(2)`.
    init(path: String, create: Bool) throws {
        let flags = create ? (O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC) : (O_WRONLY | O_CLOEXEC)
        let descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Writes `data` at `offset`.
    /// - Throws: `POSIXError` (disk full, I/O error, …).
    func writeBytes(_ data: Data, at offset: Int) throws {
        try data.withUnsafeBytes { try write($0, at: offset) }
    }

    /// Float32 values, little-endian, at `offset`.
    /// - Throws: as ``writeBytes(_:at:)``.
    func write(_ values: [Float], at offset: Int) throws {
        #if _endian(little)   // already the file's byte order
        try values.withUnsafeBytes { try write($0, at: offset) }
        #else
        try values.map(\.bitPattern.littleEndian).withUnsafeBytes { try write($0, at: offset) }
        #endif
    }

    /// All of `buffer` at `offset`: short writes are continued, `EINTR` retried.
    private func write(_ buffer: UnsafeRawBufferPointer, at offset: Int) throws {
        guard let base = buffer.baseAddress else { return }
        try writeLock.withLock { try write(base, count: buffer.count, at: offset) }
    }

    private func write(_ base: UnsafeRawPointer, count: Int, at offset: Int) throws {
        var done = 0
        while done < count {
            let written = pwrite(descriptor, base + done, count - done, off_t(offset + done))
            if written < 0 {
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            done += written
        }
    }

    /// Whether `path` names an existing character device (`/dev/null`): written in place, not
    /// through a temporary file.
    static func isCharacterDevice(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR
    }
}
