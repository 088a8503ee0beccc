import Foundation
import Testing
import VLMPrepGeometry
@testable import VLMPrepPixels

@Suite struct ResampleFilterTests {
    @Test func parsesNamesCaseInsensitively() throws {
        for filter in ResampleFilter.allCases {
            #expect(try ResampleFilter(parsing: filter.rawValue) == filter)
            #expect(try ResampleFilter(parsing: filter.rawValue.uppercased()) == filter)
        }
        #expect(try ResampleFilter(parsing: "Lanczos") == .lanczos)
    }

    @Test func pillowCodesRoundTrip() throws {
        #expect(ResampleFilter.allCases.map(\.pillowCode).sorted() == [0, 1, 2, 3, 4, 5])
        #expect(ResampleFilter.bicubic.pillowCode == 3 && ResampleFilter.bilinear.pillowCode == 2)
        #expect(ResampleFilter.lanczos.pillowCode == 1)
        for filter in ResampleFilter.allCases {
            #expect(try ResampleFilter(pillowCode: filter.pillowCode) == filter)
        }
    }

    @Test func kernelsAtDefiningPoints() {
        for filter in ResampleFilter.allCases where filter != .nearest {
            #expect(filter.kernel(0) == 1, "\(filter) k(0)")
            #expect(filter.kernel(filter.support + 0.001) == 0, "\(filter) beyond support")
        }
        #expect(ResampleFilter.box.kernel(0.5) == 1 && ResampleFilter.box.kernel(-0.5) == 0)   // (-0.5, 0.5]
        #expect(ResampleFilter.bilinear.kernel(0.25) == 0.75)
        #expect(ResampleFilter.bicubic.kernel(1) == 0 && ResampleFilter.bicubic.kernel(0.5) == 0.5625)
        #expect(ResampleFilter.bicubic.kernel(1.5) == -0.0625)
        #expect(ResampleFilter.lanczos.kernel(3) == 0)                      // [-3, 3)
        #expect(abs(ResampleFilter.lanczos.kernel(1)) < 1e-15)              // zero crossings at integers
        #expect(abs(ResampleFilter.lanczos.kernel(0.5) - 0.6079271018540267) < 1e-15)
        // Hamming uses C float constants 0.54f/0.46f: k(0.5) = sinc(0.5) · (0.54f + 0.46f·cos(π/2)).
        #expect(ResampleFilter.hamming.kernel(0.5) == sin(Double.pi / 2) / (Double.pi / 2)
                * (Double(Float(0.54)) + Double(Float(0.46)) * cos(Double.pi / 2)))
    }

    // MARK: Invalid parameters

    @Test func rejectsUnknownNames() {
        #expect(throws: GeometryError("Expected one of: nearest, box, bilinear, hamming, bicubic, lanczos for filter but received \"antialias\"")) {
            try ResampleFilter(parsing: "antialias")
        }
        #expect(throws: GeometryError("Expected one of: nearest, box, bilinear, hamming, bicubic, lanczos for resample but received \"\"")) {
            try ResampleFilter(parsing: "", parameterName: "resample")
        }
    }

    @Test func rejectsUnknownPillowCodes() {
        #expect(throws: GeometryError("Expected one of: 0, 1, 2, 3, 4, 5 for resample but received 6")) {
            try ResampleFilter(pillowCode: 6)
        }
        #expect(throws: GeometryError("Expected one of: 0, 1, 2, 3, 4, 5 for resample but received -1")) {
            try ResampleFilter(pillowCode: -1)
        }
    }
}
