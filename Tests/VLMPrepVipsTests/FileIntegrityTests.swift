import Foundation
import Testing
import TestSupport
@testable import VLMPrepVips

@Suite("FileIntegrity")
struct FileIntegrityTests {
    @Test func crc32KnownValues() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)   // the standard check value
        #expect(CRC32.checksum([UInt8]()) == 0)
        #expect(CRC32.checksum(Array("IEND".utf8)) == 0xAE42_6082)         // every PNG ends with it
    }

    @Test func goodAndBadFiles() {
        #expect(FileIntegrity.problem(path: Fixtures.url("loader/quadrants_rgb.png").path) == nil)
        #expect(FileIntegrity.problem(path: Fixtures.url("loader/bad_crc_ihdr.png").path) == "IHDR chunk CRC error")
        #expect(FileIntegrity.problem(path: Fixtures.url("loader/bad_crc_idat.png").path) == "IDAT chunk CRC error")
        #expect(FileIntegrity.problem(path: Fixtures.url("loader/truncated.png").path)?.hasPrefix("truncated") == true)
        #expect(FileIntegrity.problem(bytes: Array("not a png".utf8)) == "not a PNG signature")
    }
}

@Suite("FileIntegrity JPEG")
struct FileIntegrityJPEGTests {
    @Test func jpegEndMarker() throws {
        #expect(FileIntegrity.problem(path: Fixtures.url("loader/quadrants.jpg").path, format: "jpeg") == nil)
        #expect(FileIntegrity.problem(path: Fixtures.url("loader/truncated.jpg").path, format: "jpeg") == "truncated: no JPEG end-of-image marker")
        #expect(FileIntegrity.problem(path: Fixtures.url("loader/quadrants.webp").path, format: "webp") == nil)
    }

    @Test func probeWithIntegrityCheck() throws {
        let path = Fixtures.url("loader/truncated.jpg").path
        _ = try ImageLoader.probe(path: path)     // the header alone is fine
        #expect(throws: ImageError.self) { _ = try ImageLoader.probe(path: path, checkIntegrity: true) }
    }
}
