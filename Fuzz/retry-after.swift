// fuzz-sources: Sources/AdminClient/RetryAfter.swift
// The `Retry-After` header parser: any bytes a server sends give nil or a finite, non-negative
// number of seconds, never a trap.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let seconds = RetryAfter.seconds(text, now: Date(timeIntervalSince1970: 1_800_000_000)) {
        precondition(seconds.isFinite && seconds >= 0, "Retry-After \(text.debugDescription) gave \(seconds)")
    }
    return 0
}
