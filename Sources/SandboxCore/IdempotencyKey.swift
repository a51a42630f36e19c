/// The `Idempotency-Key` header's rule, on its own (no storage), so it can be fuzzed alone.
public enum IdempotencyKey {
    /// 1-255 printable ASCII characters; anything else is a 400 naming the header.
    public static func validate(_ key: String) throws {
        guard !key.isEmpty, key.utf8.count <= 255, key.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw SandboxError.invalid("Idempotency-Key", "must be 1-255 printable ASCII characters", code: "invalid_request")
        }
    }
}
