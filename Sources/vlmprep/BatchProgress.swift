import Foundation
import Synchronization
import VLMPrep

/// Progress on stderr (DESIGN §6): a redrawn bar line when stderr is a terminal, a plain line
/// every few seconds otherwise, nothing when quiet; a summary at the end.
final class BatchProgress: Sendable {
    private struct State {
        var items = 0, failed = 0, images = 0
        var lastPlain = Date.distantPast
    }

    private let quiet: Bool
    private let isTerminal: Bool
    private let start = Date()
    private let state = Mutex(State())
    private static let plainInterval = 5.0

    init(quiet: Bool) {
        self.quiet = quiet
        self.isTerminal = isatty(STDERR_FILENO) == 1
    }

    /// Counts one finished item.
    func record(_ item: ItemRecord) {
        guard !quiet else { return }
        let line: String? = state.withLock { state in
            state.items += 1
            if item.status != "ok" { state.failed += 1 }
            state.images += item.frames?.count ?? 0
            let elapsed = max(Date().timeIntervalSince(start), 1e-6)
            let text = String(format: "%d items (%.1f/s), %d frames (%.1f/s), %d errors, %.0f s",
                              state.items, Double(state.items) / elapsed, state.images, Double(state.images) / elapsed,
                              state.failed, elapsed)
            if isTerminal { return "\r\u{1B}[2K" + text }
            guard Date().timeIntervalSince(state.lastPlain) >= Self.plainInterval else { return nil }
            state.lastPlain = Date()
            return text + "\n"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// The end-of-run summary.
    func finish(_ summary: BatchRunner.Summary, output: URL) {
        guard !quiet else { return }
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        let text = String(format: "%@%d items (%d ok, %d failed, %d skipped), %d frames written, %d dropped as duplicates, %.1f s\nresults: %@/%@\n",
                          summary.interrupted ? "stopped early: " : "",
                          summary.items, summary.succeeded, summary.failed, summary.skipped, summary.framesOut,
                          summary.duplicatesDropped, summary.seconds, output.path, BatchRunner.manifestName)
        FileHandle.standardError.write(Data(text.utf8))
    }
}
