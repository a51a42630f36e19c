import Foundation
import XCTest

/// The vendor contracts in the shared folder: `ADMINSH_SHARED`, else `../shared`.
enum SharedContracts {
    static var directory: URL {
        let path = ProcessInfo.processInfo.environment["ADMINSH_SHARED"] ?? "../shared"
        return URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    /// The Contio partner spec (Swagger 2.0), or a skip with a notice when it is not there.
    static func contioSpec() throws -> JSONObject {
        let url = directory.appendingPathComponent("contracts/contio-partner-openapi.json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("NOTICE: \(url.path) not found (set ADMINSH_SHARED); skipping the Contio spec comparison")
            throw XCTSkip("Contio spec not available at \(url.path)")
        }
        return try JSON.object(Data(contentsOf: url))
    }
}
