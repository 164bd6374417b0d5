import Foundation

/// Read access to the entries of a zip archive (stored or deflated), e.g. a Keras `.keras`
/// file. Every entry read has its CRC-32 checked; malformed archives throw an
/// ``ArrayFileError`` naming `name`.
public struct ZipArchive: Sendable {
    public let name: String
    let data: Data
    let entries: [Zip.Entry]

    /// Parses the central directory of the zip archive in `data`.
    public init(data: Data, name: String) throws {
        self.name = name
        self.data = data
        self.entries = try Zip.entries(data) { ArrayFileError(file: name, $0) }
    }

    /// The entry names, in archive order.
    public var entryNames: [String] { entries.map(\.name) }

    /// The uncompressed bytes of the entry `entryName`, or nil if the archive has none.
    public func read(_ entryName: String) throws -> Data? {
        guard let e = entries.first(where: { $0.name == entryName }) else { return nil }
        return try Zip.extract(e, from: data) { ArrayFileError(file: name, $0) }
    }
}
