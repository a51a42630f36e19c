// fuzz-sources: Sources/SandboxCore/IdempotencyKey.swift Sources/SandboxCore/SandboxError.swift Sources/SandboxCore/JSONValue.swift Sources/SandboxCore/JSONWriter.swift
// fuzz-modules: swift-http-types/HTTPTypes
// The `Idempotency-Key` header rule: any header value (as the server reads it) is accepted
// exactly when it is 1-255 printable ASCII characters, else refused with a 400, never a trap.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)
    let expected = !text.isEmpty && text.utf8.count <= 255 && text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    do {
        try IdempotencyKey.validate(text)
        precondition(expected, "accepted \(text.debugDescription)")
    } catch let error as SandboxError {
        precondition(!expected, "refused \(text.debugDescription)")
        precondition(error.status.code == 400)
    } catch {
        preconditionFailure("unexpected \(error)")
    }
    return 0
}
