import Crypto
import Foundation

/// Hashing, comparison and generation of secrets.
///
/// Stored credentials are SHA-256 digests (hex); a presented secret is hashed and the digests are
/// compared in constant time, so neither the database nor response timing reveals a secret.
public enum SecretHasher {
    /// Lowercase hex SHA-256 of the UTF-8 bytes of `secret`.
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).hexString
    }

    /// Compares two strings in time that depends only on their lengths.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var diff = UInt8(x.count == y.count ? 0 : 1)
        // Walk the longer input fully so timing does not leak the common prefix length.
        for i in 0..<max(x.count, y.count) {
            diff |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return diff == 0
    }

    /// `true` when `secret` hashes to `storedHash` (constant-time digest comparison).
    public static func matches(_ secret: String, storedHash: String) -> Bool {
        constantTimeEquals(hash(secret), storedHash)
    }

    /// A random token `prefix + 2·byteCount hex characters` from the system CSPRNG.
    public static func token(prefix: String, byteCount: Int = 24) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + bytes.hexString
    }

    /// Lowercase hex HMAC-SHA256 of `body` under `key` (webhook signatures).
    public static func hmacSHA256Hex(key: String, body: Data) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(key.utf8)))
        return Data(mac).hexString
    }

    /// A masked form safe for logs: first characters of the prefix and the last four.
    public static func redact(_ secret: String) -> String {
        guard secret.count > 10 else { return "****" }
        return String(secret.prefix(5)) + "…" + String(secret.suffix(4))
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hex encoding.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for b in self {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension SHA256.Digest {
    var hexString: String { Array(self).hexString }
}
