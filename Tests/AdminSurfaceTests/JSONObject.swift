import Foundation

/// A parsed JSON object, read with `JSONSerialization` (the tests need no typed model).
typealias JSONObject = [String: Any]

extension Dictionary where Key == String, Value == Any {
    func object(_ key: String) -> JSONObject? { self[key] as? JSONObject }
    func array(_ key: String) -> [Any]? { self[key] as? [Any] }
    func string(_ key: String) -> String? { self[key] as? String }
    func strings(_ key: String) -> [String] { (self[key] as? [Any])?.compactMap { $0 as? String } ?? [] }
}

enum JSON {
    static func object(_ data: Data) throws -> JSONObject {
        guard let object = try JSONSerialization.jsonObject(with: data) as? JSONObject else {
            throw NSError(domain: "AdminSurfaceTests", code: 1, userInfo: [NSLocalizedDescriptionKey: "not a JSON object"])
        }
        return object
    }
}
