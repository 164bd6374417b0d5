import Foundation

/// The JSON report: `ParityReport` encoded with sorted keys (stable diffs).
public enum JSONReporter {
    public static func render(_ report: ParityReport) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Infinity/NaN are not JSON: encode them as strings.
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try enc.encode(report), as: UTF8.self) + "\n"
    }

    public static func decode(_ data: Data) throws -> ParityReport {
        let dec = JSONDecoder()
        dec.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try dec.decode(ParityReport.self, from: data)
    }
}
