import ArgumentParser
import Foundation
import VLMPrep

/// `vlmprep dedupe`: near-duplicate groups among files (cross-gallery), or per item gallery.
struct DedupeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedupe",
        abstract: "Find near-duplicate images by pHash: across files, or within each item's gallery (--items).",
        discussion: """
        PATH mode prints one JSON object: {"groups": [[path...]], "kept": [path...], "dropped": \
        [{"path", "duplicateOf", "distance"}], "errors": [{"path", "error"}]}. Groups are connected \
        components of "distance <= max-distance", found without comparing all pairs. \
        --items mode prints one JSON line per item with its kept and dropped gallery images \
        (DESIGN §3.5 rules). Failures are reported per file (exit 2).
        """
    )

    @Option(name: .customLong("max-distance"), help: "Hamming distance at or below which images are duplicates.")
    var maxDistance: Int = Dedupe.defaultMaxDistance

    @Option(name: .long, help: "Which image of a group is kept: first or largest.")
    var keep: Dedupe.Keep = .first

    @Option(name: .long, help: "exact or fast hashing.")
    var mode: HashMode = .exact

    @Option(name: .long, help: "Items manifest (JSONL): dedupe each item's gallery instead of the PATHs.")
    var items: String?

    @Option(name: .long, help: "Files hashed at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Argument(help: "Image files or directories.")
    var paths: [String] = []

    func validate() throws {
        guard Dedupe.maxDistanceRange.contains(maxDistance) else {
            throw ValidationError(InvalidParameter.message(expected: InvalidParameter.integer(between: Dedupe.maxDistanceRange), name: "--max-distance", received: maxDistance))
        }
        guard (items == nil) != paths.isEmpty else {
            throw ValidationError("Give image PATHs or --items, not both and not neither.")
        }
        guard BatchOptions.jobsRange.contains(jobs) else {
            throw ValidationError(InvalidParameter.message(expected: InvalidParameter.integer(between: BatchOptions.jobsRange), name: "--jobs", received: jobs))
        }
    }

    private struct Dropped: Encodable {
        let path: String
        let duplicateOf: String
        let distance: Int
        /// Gallery positions (--items mode), since a gallery may list the same file twice.
        var image: Int? = nil
        var duplicateOfImage: Int? = nil
    }
    private struct Failure: Encodable { let path: String; let error: String }
    private struct Report: Encodable { let groups: [[String]]; let kept: [String]; let dropped: [Dropped]; let errors: [Failure] }
    private struct ItemReport: Encodable { let id: String; let kept: [String]; let dropped: [Dropped]; let errors: [Failure]? }

    /// A hashed file with its pixel count (for keep = largest).
    private struct Hashed: Sendable { let hash: PerceptualHash; let pixels: Int }

    private func hashAll(_ files: [String], output: LineOutput) async -> [Int: Hashed] {
        let mode = self.mode
        var hashed: [Int: Hashed] = [:]
        await forEachInOrder(files, jobs: jobs, work: { path in
            Result { () throws(ImageError) in
                let header = try ImageLoader.probe(path: path)
                return Hashed(hash: try PerceptualHash(path: path, mode: mode), pixels: header.pixelCount)
            }
        }, emit: { index, path, result in
            switch result {
            case .success(let value): hashed[index] = value
            case .failure(let error): output.fail(path: path, error: error, jsonLine: false)
            }
        })
        return hashed
    }

    func run() async throws {
        let output = LineOutput()
        if let items { try await dedupeItems(items, output: output) } else { try await dedupeFiles(output: output) }
        try output.finish()
    }

    private func dedupeFiles(output: LineOutput) async throws {
        let files = InputFiles.expand(paths)
        let hashed = await hashAll(files, output: output)
        let good = files.indices.filter { hashed[$0] != nil }
        let groups = try NearDuplicateGroups(hashes: good.map { hashed[$0]!.hash }, maxDistance: maxDistance).groups
        var kept = Set(good), dropped: [Dropped] = []
        for group in groups {
            let members = group.map { good[$0] }
            let keeper = keep == .largest ? members.max { hashed[$0]!.pixels < hashed[$1]!.pixels || (hashed[$0]!.pixels == hashed[$1]!.pixels && $0 > $1) }! : members[0]
            for member in members where member != keeper {
                kept.remove(member)
                dropped.append(Dropped(path: files[member], duplicateOf: files[keeper], distance: hashed[member]!.hash.distance(to: hashed[keeper]!.hash)))
            }
        }
        let errors = files.indices.filter { hashed[$0] == nil }.map { Failure(path: files[$0], error: "see stderr") }
        output.write(Report(groups: groups.map { $0.map { files[good[$0]] } }, kept: kept.sorted().map { files[$0] },
                            dropped: dropped, errors: errors))
    }

    private func dedupeItems(_ manifestPath: String, output: LineOutput) async throws {
        let manifest = try ManifestSource(path: manifestPath)
        let dedupe = try Dedupe(maxDistance: maxDistance, keep: keep)
        while let (number, text) = manifest.nextLine() {
            let item: Item
            do { item = try ItemParser.parse(text, line: number) } catch {
                output.fail(path: "\(manifestPath):\(number)", error: error, jsonLine: false)
                continue
            }
            let files = item.images.map { Item.resolvedImagePath($0, relativeTo: manifest.directory) }
            let hashed = await hashAll(files, output: output)
            let good = files.indices.filter { hashed[$0] != nil }
            let decisions = dedupe.apply(to: good.map { Dedupe.Entry(index: $0, hash: hashed[$0]!.hash, sourcePixels: hashed[$0]!.pixels) })
            let kept = decisions.filter(\.isKept).map { item.images[$0.index] }
            let dropped = decisions.compactMap { decision -> Dropped? in
                guard let original = decision.duplicateOf, let distance = decision.distance else { return nil }
                return Dropped(path: item.images[decision.index], duplicateOf: item.images[original], distance: distance,
                               image: decision.index, duplicateOfImage: original)
            }
            let errors = files.indices.filter { hashed[$0] == nil }.map { Failure(path: item.images[$0], error: "see stderr") }
            output.write(ItemReport(id: item.id, kept: kept, dropped: dropped, errors: errors.isEmpty ? nil : errors))
        }
    }
}

extension Dedupe.Keep: ExpressibleByArgument {}
