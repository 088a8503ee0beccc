import Foundation
import Testing
import TestSupport
@testable import VLMPrepVips

@Suite("PNGIntegrity")
struct PNGIntegrityTests {
    @Test func crc32KnownValues() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)   // the standard check value
        #expect(CRC32.checksum([UInt8]()) == 0)
        #expect(CRC32.checksum(Array("IEND".utf8)) == 0xAE42_6082)         // every PNG ends with it
    }

    @Test func goodAndBadFiles() {
        #expect(PNGIntegrity.problem(path: Fixtures.url("loader/quadrants_rgb.png").path) == nil)
        #expect(PNGIntegrity.problem(path: Fixtures.url("loader/bad_crc_ihdr.png").path) == "IHDR chunk CRC error")
        #expect(PNGIntegrity.problem(path: Fixtures.url("loader/bad_crc_idat.png").path) == "IDAT chunk CRC error")
        #expect(PNGIntegrity.problem(path: Fixtures.url("loader/truncated.png").path)?.hasPrefix("truncated") == true)
        #expect(PNGIntegrity.problem(bytes: Array("not a png".utf8)) == "not a PNG signature")
    }
}
