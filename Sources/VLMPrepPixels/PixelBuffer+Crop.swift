import VLMPrepGeometry

extension PixelBuffer {
    /// The pixels inside `rect` (numpy slicing `a[y:y+h, x:x+w]`).
    /// - Precondition: `rect` is non-empty and lies inside the buffer.
    public func cropped(to rect: PixelRect) -> PixelBuffer {
        precondition(!rect.isEmpty && rect.isInside(size), "cropped(to: \(rect)) outside \(size)")
        if rect == PixelRect(size: size) { return self }
        var out = [UInt8]()
        out.reserveCapacity(rect.area * bands)
        let rowBytes = rect.width * bands
        for y in rect.y..<rect.maxY {
            let start = (y * width + rect.x) * bands
            out.append(contentsOf: bytes[start..<start + rowBytes])
        }
        return PixelBuffer(width: rect.width, height: rect.height, bands: bands, bytes: out)
    }

    /// The buffer placed at `placement.x, placement.y` on a `canvas`-sized background of `fill`
    /// (one value per band, or one value for all bands), as `numpy.pad` with a constant does.
    /// - Precondition: the buffer fits inside the canvas at that position.
    public func padded(to canvas: PixelSize, at x: Int, _ y: Int, fill: [UInt8]) -> PixelBuffer {
        precondition(x >= 0 && y >= 0 && x + width <= canvas.width && y + height <= canvas.height,
                     "padded: \(size) at (\(x), \(y)) does not fit \(canvas)")
        precondition(fill.count == 1 || fill.count == bands, "padded: fill needs 1 or \(bands) values")
        let pixel = fill.count == bands ? fill : [UInt8](repeating: fill[0], count: bands)
        var out = [UInt8]()
        out.reserveCapacity(canvas.area * bands)
        for _ in 0..<canvas.area { out.append(contentsOf: pixel) }
        let rowBytes = width * bands
        for row in 0..<height {
            let to = ((y + row) * canvas.width + x) * bands
            out.replaceSubrange(to..<to + rowBytes, with: bytes[row * rowBytes..<(row + 1) * rowBytes])
        }
        return PixelBuffer(width: canvas.width, height: canvas.height, bands: bands, bytes: out)
    }
}
