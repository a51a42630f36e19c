// fuzz-sources: Sources/SandboxCore/JSONValue.swift Sources/SandboxCore/JSONWriter.swift Sources/SandboxCore/FieldReader.swift Sources/SandboxCore/SandboxError.swift
// fuzz-modules: swift-http-types/HTTPTypes
// The sandboxes' request bodies: any bytes parse into a JSON value or a 400, the value written
// back reads as the same value, and the body reader's accessors answer or refuse, never trap.
import Foundation

private extension JSONValue {
    var objectMembers: [String: JSONValue]? { if case .object(let o) = self { return o } else { return nil } }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard let value = try? JSONValue.parse(bytes) else { return 0 }
    let again = try? JSONValue.parse(value.encoded())
    precondition(again == value, "written JSON reads back differently: \(value.text)")
    struct Refusal: Error {}
    for nullIsAbsent in [true, false] {
        guard let body = try? FieldReader(data: bytes, nullIsAbsent: nullIsAbsent, failure: { _, _ in Refusal() }) else {
            precondition(value.objectMembers == nil, "an object body was refused")
            continue
        }
        for key in body.members.keys.prefix(8) + ["name", "limit"] {
            _ = try? body.string(key, max: 255)
            _ = try? body.int(key, min: 0, max: 100)
            _ = try? body.number(key)
            _ = try? body.bool(key)
            _ = try? body.strings(key, minCount: 1)
            _ = try? body.array(key)
            _ = try? body.object(key)
            _ = try? body.objects(key)
        }
    }
    return 0
}
