import Foundation
import VLMPrepVips

/// `files` emitter (DESIGN §4): every frame as an image file
/// `<role>/<stem>/<nn>-<kind>.<ext>` (`nn` = frame index, two digits or more). Options: see
/// ``FrameRendering`` (`format`, `quality`, `resize`, `filter`).
public struct FilesEmitter: Plugin {
    public static let name = "files"
    /// How frames are rendered.
    public let rendering: FrameRendering

    public init(options: PluginOptions) throws {
        var reader = options
        rendering = try FrameRendering(reading: &reader)
        try reader.finish()
    }

    public func run(_ item: inout PreparedItem, context: PluginContext) throws {
        let output = try context.requireOutput(Self.name)
        var records: [OutputRecord] = []
        for (index, frame) in item.frames.enumerated() {
            let name = "\(context.roleFolder)/\(context.fileStem)/\(String(format: "%02d", index))-\(frame.kind.rawValue).\(rendering.encoding.format.fileExtension)"
            try output.write(try rendering.encoded(frame, of: item), to: name)
            records.append(OutputRecord(file: name, frame: index))
        }
        item.outputs[context.roleFolder, default: []] += records
    }
}
