import AdminSurface
import XCTest

/// Checks an operation's declared parameters against the vendor document's.
enum ParameterConformance {
    /// Problems found; `extras` are fields the SDK sends that the document does not declare.
    static func problems(_ op: AdminOperation, _ spec: SpecOperation, extras: Set<String> = []) -> [String] {
        var out: [String] = []
        let name = op.qualifiedName
        func declared(_ field: String) -> Parameter? { op.parameters.first { $0.name == field } }
        for field in spec.requiredQuery.sorted() {
            let p = declared(field)
            if p?.location != .query || p?.required != true { out.append("\(name): required query parameter '\(field)' of \(spec) not declared as required query") }
        }
        for field in spec.requiredBody.sorted() {
            let p = declared(field)
            if p?.location != .body || p?.required != true { out.append("\(name): required body field '\(field)' of \(spec) not declared as required body") }
        }
        for p in op.parameters where !extras.contains(p.name) {
            let known: [String: [String]]? = p.location == .query ? spec.query : spec.body
            guard let values = known?[p.name] else {
                out.append("\(name): '\(p.name)' (\(p.location.rawValue)) is not in \(spec)")
                continue
            }
            if case .enumeration(let ours) = p.type, !Set(values).isSubset(of: ours) {
                out.append("\(name): '\(p.name)' allows \(ours), the document \(values)")
            }
        }
        return out
    }
}
