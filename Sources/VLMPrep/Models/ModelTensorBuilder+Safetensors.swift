import Foundation
import VLMPrepGeometry
import VLMPrepPixels

extension ModelTensorBuilder {
    /// Writes the safetensors file of ``build(_:)``'s tensors for `images` to `handle`, streaming
    /// `pixel_values` piece by piece (``streamPixelValues(_:layout:_:)``) so the whole tensor is
    /// never in memory (a 1600-px photo is ~44 MiB of float32 for Qwen2.5-VL). The bytes equal
    /// `SafetensorsWriter.encode(build(images).tensors, metadata: metadata)`.
    /// - Precondition: `layout` is ``layout(for:)`` of these images' sizes.
    /// - Throws: the file handle's write error.
    public func writeSafetensors(_ images: [PixelBuffer], layout: ModelTensorLayout, metadata: [String: String],
                                 to handle: FileHandle) throws {
        try handle.write(contentsOf: SafetensorsWriter.header(layout.safetensorsEntries, metadata: metadata))
        try streamPixelValues(images, layout: layout) { try SafetensorsWriter.writeData($0, to: handle) }
        for tensor in layout.sideTensors { try SafetensorsWriter.writeData(of: tensor, to: handle) }
    }
}

extension ModelTensorLayout {
    /// The file entries of these tensors, in file order: `pixel_values` (float32), then the side
    /// tensors.
    var safetensorsEntries: [SafetensorsWriter.Entry] {
        [.float32("pixel_values", shape: pixelValuesShape)] + sideTensors.map(SafetensorsWriter.Entry.init)
    }
}
