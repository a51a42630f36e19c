// fuzz-sources: Sources/AdminClient/KeyFile.swift Sources/AdminClient/ProfileError.swift
// Key-file parsing: any file content gives a KeyFile or a ProfileError that never quotes the
// content (a key must not reach an error message), never a trap.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let file = try KeyFile.parse(text, path: "/keys/fuzz", setting: "contio_key_file")
        _ = file.value("CONTIO_API_KEY", bareAllowed: true)
        if let bare = file.bareKey { precondition(!bare.isEmpty && !bare.contains("\n")) }
    } catch let error as ProfileError {
        // The only refusal names the line by number: nothing of the content is echoed.
        let prefix = "contio_key_file: key file /keys/fuzz: line ", suffix = " of its settings is not NAME=value"
        let message = error.message
        precondition(message.hasPrefix(prefix) && message.hasSuffix(suffix)
                     && message.dropFirst(prefix.count).dropLast(suffix.count).allSatisfy(\.isNumber),
                     "unexpected refusal: \(message)")
    } catch {
        preconditionFailure("unexpected error \(error)")
    }
    return 0
}
