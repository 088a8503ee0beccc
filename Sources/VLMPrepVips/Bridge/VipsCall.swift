internal import CVLMPrepLibvips
internal import CVLMPrepShims

/// The one funnel for libvips calls (STYLE.md §4): starts libvips, runs a call that produces an
/// image, checks the result and turns libvips's error buffer into a ``VipsError``.
enum VipsCall {
    /// libvips started once per process; blocked untrusted loaders; a small operation cache
    /// (batch work rarely repeats an operation, and a large cache only holds memory).
    static let started: Result<Void, VipsError> = {
        if vlmprep_init(100, 64 * 1024 * 1024, 20) != 0 {
            return .failure(VipsError(operation: "init", message: takeErrorMessage()))
        }
        return .success(())
    }()

    /// Throws when libvips could not start.
    static func ensureStarted() throws(VipsError) {
        try started.get()
    }

    /// Runs `body`, which calls one libvips operation writing its image to the given pointer and
    /// returns the libvips status (0 = success).
    /// - Throws: ``VipsError`` named after `operation` with libvips's message.
    static func run(_ operation: String, _ body: (UnsafeMutablePointer<UnsafeMutablePointer<VipsImage>?>) -> Int32) throws(VipsError) -> ImageHandle {
        try ensureStarted()
        var output: UnsafeMutablePointer<VipsImage>? = nil
        let status = body(&output)
        guard status == 0, let image = output else {
            if let image = output { vlmprep_unref(image) }
            throw VipsError(operation: operation, message: takeErrorMessage())
        }
        return ImageHandle(owning: image)
    }

    /// Runs `body`, which returns a new image or nil on failure.
    static func make(_ operation: String, _ body: () -> UnsafeMutablePointer<VipsImage>?) throws(VipsError) -> ImageHandle {
        try ensureStarted()
        guard let image = body() else {
            throw VipsError(operation: operation, message: takeErrorMessage())
        }
        return ImageHandle(owning: image)
    }

    /// Copies and clears libvips's error buffer in one step (vips_error_buffer_copy holds the
    /// lock; reading and clearing separately races with other threads).
    static func takeErrorMessage() -> String {
        guard let buffer = vlmprep_error_copy() else { return "unknown libvips error" }
        defer { vlmprep_free(buffer) }
        let message = String(cString: buffer).trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? "unknown libvips error" : message
    }

    /// The libvips version string, e.g. "8.14.1".
    static var version: String { String(cString: vlmprep_vips_version()) }
}

import Foundation
