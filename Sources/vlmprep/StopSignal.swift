import Dispatch
import Foundation
import Synchronization

/// SIGINT/SIGTERM handling for batch runs: the first signal asks the runner to stop taking items
/// (in-flight ones finish and are recorded, so the manifest stays consistent); a second one exits
/// at once.
final class StopSignal: Sendable {
    private let stopped = Atomic<Bool>(false)
    nonisolated(unsafe) private var sources: [DispatchSourceSignal] = []

    init() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                if self.stopped.exchange(true, ordering: .relaxed) { exit(130) }
                FileHandle.standardError.write(Data("\nvlmprep: stopping after the items in flight (signal again to abort)\n".utf8))
            }
            source.resume()
            sources.append(source)
        }
    }

    /// True once a signal arrived.
    var isStopped: Bool { stopped.load(ordering: .relaxed) }
}
