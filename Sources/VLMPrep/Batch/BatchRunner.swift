import Foundation
import Logging
import Synchronization
import VLMPrepGeometry
import VLMPrepVips

/// Runs a recipe over an items manifest (DESIGN §5, §6): streams items, processes them with
/// bounded concurrency (memory does not grow with the number of items), writes each item's files
/// atomically, then its manifest line; one bad item never stops the batch.
///
/// Output folder layout: `items.jsonl` (one line per item, written only after its files are
/// complete), `errors.jsonl` (the failed items' lines again), `<role>/...` (emitter files), and
/// shared JSONL files such as `annotation/requests.jsonl`.
public final class BatchRunner: Sendable {
    /// How a run behaves.
    public struct Configuration: Sendable {
        /// Items processed at once (>= 1; default: the number of cores).
        public var jobs: Int
        /// Skip items whose manifest line already exists in `items.jsonl`.
        public var resume: Bool
        /// Emission roles to run (`annotation`, `inference`).
        public var roles: [String]
        /// Also write each manifest line to standard output (for `--items -` pipelines).
        public var echoResults: Bool

        /// Creates a configuration.
        /// - Precondition: `jobs >= 1`.
        public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, resume: Bool = false,
                    roles: [String] = Recipe.roles, echoResults: Bool = false) {
            precondition(jobs >= 1, "jobs must be at least 1")
            self.jobs = jobs
            self.resume = resume
            self.roles = roles
            self.echoResults = echoResults
        }
    }

    /// Totals of a run.
    public struct Summary: Sendable, Hashable, Codable {
        public var items = 0
        public var succeeded = 0
        public var failed = 0
        public var skipped = 0
        public var imagesIn = 0
        public var framesOut = 0
        public var duplicatesDropped = 0
        public var seconds = 0.0
        /// True when a stop request ended the run before the manifest was exhausted.
        public var interrupted = false
    }

    /// The manifest file name inside the output folder.
    public static let manifestName = "items.jsonl"
    /// The error list file name inside the output folder.
    public static let errorsName = "errors.jsonl"

    public let recipe: Recipe
    public let output: OutputDirectory
    public let configuration: Configuration
    private let logger: Logger
    private let echoLock = Mutex(())

    /// Creates a runner writing into `output`.
    public init(recipe: Recipe, output: OutputDirectory, configuration: Configuration = Configuration(), logger: Logger = Logger(label: "vlmprep.batch")) {
        self.recipe = recipe
        self.output = output
        self.configuration = configuration
        self.logger = logger
    }

    /// Processes every item of `manifest`.
    /// - Parameters:
    ///   - shouldStop: polled before taking each item; when it returns true no new item starts,
    ///     in-flight items finish and are recorded (SIGINT/SIGTERM handling).
    ///   - onItem: called after each item's manifest line is written (progress).
    /// - Throws: only for failures of the output folder itself (items' failures are recorded).
    public func run(_ manifest: ManifestSource,
                    shouldStop: @escaping @Sendable () -> Bool = { false },
                    onItem: @escaping @Sendable (ItemRecord) -> Void = { _ in }) async throws -> Summary {
        let start = Date()
        let done = configuration.resume ? try ResumeState.prepare(output: output) : ResumeState.empty
        let summary = SharedMutex(BatchRunner.Summary())
        var interrupted = false
        try await withThrowingTaskGroup(of: Void.self) { group in
            var inFlight = 0
            while let (number, text) = manifest.nextLine() {
                if shouldStop() { interrupted = true; break }
                if inFlight >= configuration.jobs {
                    try await group.next()
                    inFlight -= 1
                    // A stop may have come while waiting for a free slot: do not start this item.
                    if shouldStop() { interrupted = true; break }
                }
                let directory = manifest.directory
                group.addTask {
                    guard let record = try self.process(line: text, number: number, directory: directory, done: done) else {
                        summary.mutex.withLock { $0.skipped += 1 }
                        return
                    }
                    summary.mutex.withLock { totals in
                        totals.items += 1
                        if record.status == "ok" { totals.succeeded += 1 } else { totals.failed += 1 }
                        totals.framesOut += record.frames?.filter { $0.duplicateOf == nil }.count ?? 0
                        totals.duplicatesDropped += record.frames?.filter { $0.duplicateOf != nil }.count ?? 0
                    }
                    onItem(record)
                }
                inFlight += 1
            }
            try await group.waitForAll()
        }
        try output.synchronize()
        return summary.mutex.withLock { totals in
            totals.seconds = Date().timeIntervalSince(start)
            totals.interrupted = interrupted
            return totals
        }
    }

    /// One manifest line: parse, prepare, emit, then record. Returns nil when skipped (resume).
    func process(line text: String, number: Int, directory: URL, done: ResumeState) throws -> ItemRecord? {
        let item: Item
        do {
            item = try ItemParser.parse(text, line: number)
        } catch {
            if done.containsLine(number) { return nil }
            let record = ItemRecord(id: error.id, line: number, failure: .init(stage: "manifest", message: error.description))
            try commit(record, pendingLines: [:])
            return record
        }
        if done.contains(item.id) { return nil }
        let record: ItemRecord
        var pending: [String: [String]] = [:]
        do {
            let prepared = try prepare(item, directory: directory)
            pending = prepared.pendingLines
            record = ItemRecord(prepared: prepared, line: number)
        } catch let failure as StageFailure {
            record = ItemRecord(id: item.id, line: number, failure: failure.record)
        }
        try commit(record, pendingLines: pending)
        return record
    }

    /// Runs the recipe on one item, naming the failing step and image in errors.
    private func prepare(_ item: Item, directory: URL) throws(StageFailure) -> PreparedItem {
        var prepared = PreparedItem(item: item, manifestDirectory: directory)
        let context = PluginContext(output: output, fileStem: FileStem.make(item.id), logger: logger)
        for step in recipe.prepare {
            do { try step.plugin.run(&prepared, context: context) } catch {
                throw StageFailure(stage: step.name, error: error, paths: prepared.imagePaths)
            }
        }
        for role in configuration.roles where recipe.emit[role] != nil {
            do { try recipe.emit(&prepared, role: role, context: context) } catch {
                throw StageFailure(stage: "emit.\(role)", error: error, paths: prepared.imagePaths)
            }
        }
        return prepared
    }

    /// Appends the item's shared lines, then its manifest line (and error line).
    private func commit(_ record: ItemRecord, pendingLines: [String: [String]]) throws {
        for (file, lines) in pendingLines.sorted(by: { $0.key < $1.key }) {
            for line in lines { try output.appendLine(line, to: file) }
        }
        let line = record.jsonLine
        try output.appendLine(line, to: Self.manifestName)
        if record.status != "ok" { try output.appendLine(line, to: Self.errorsName) }
        if configuration.echoResults {
            // One write per line, under a lock: concurrent items must not interleave on a pipe.
            echoLock.withLock { _ in FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        }
    }
}

/// A step failed on an item.
struct StageFailure: Error {
    let record: ItemRecord.Failure

    init(stage: String, error: any Error, paths: [String]) {
        if let imageError = error as? ImageError {
            let index = paths.firstIndex(of: imageError.path)
            record = .init(stage: stage, image: index, path: imageError.path, message: imageError.reason.description)
        } else {
            record = .init(stage: stage, image: nil, path: nil, message: "\(error)")
        }
    }
}
