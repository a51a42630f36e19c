import Foundation
import SandboxCore

/// A Contio resource in the shared typed store: the JSON the API answers with, plus the row's id
/// and app, kept in the stored body as `_id` and `_app` so a body alone reads back as its record
/// (a domain verification's id is its domain, the IdP configuration's is `config`: neither is a
/// member of the resource). `document` never carries them.
struct ContioRecord<Kind: ContioKind>: SandboxDocument {
    static var kind: String { Kind.name }
    static var displayName: String { Kind.name }

    var id: String
    var appId: String
    /// The resource as the API shows it.
    var document: JSONValue
    var tenantId: String { appId }

    static var idMember: String { "_id" }
    static var appMember: String { "_app" }

    init(id: String, appId: String, document: JSONValue) {
        self.id = id
        self.appId = appId
        self.document = document
    }

    init(from decoder: Decoder) throws {
        guard case .object(var members) = try JSONValue(from: decoder),
              case .string(let id)? = members.removeValue(forKey: Self.idMember),
              case .string(let appId)? = members.removeValue(forKey: Self.appMember) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "a stored \(Kind.name) lacks its _id or _app"))
        }
        self.init(id: id, appId: appId, document: .object(members))
    }

    func encode(to encoder: Encoder) throws {
        guard case .object(var members) = document else {
            throw EncodingError.invalidValue(document, .init(codingPath: encoder.codingPath, debugDescription: "a \(Kind.name) is an object"))
        }
        members[Self.idMember] = .string(id)
        members[Self.appMember] = .string(appId)
        try JSONValue.object(members).encode(to: encoder)
    }
}
