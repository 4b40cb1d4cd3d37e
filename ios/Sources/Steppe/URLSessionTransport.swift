import CryptoKit
import Foundation
import Security
import SteppeFFI

/// The platform's HTTP stack for the Rust core: system certificates, proxies and the radio's
/// power rules. Rust calls it on a background thread and expects it to block.
///
/// With `pinned`, the sync server must also present one of the pinned public keys, and no other
/// host is trusted at all (the Android app's network security configuration does the same).
public final class URLSessionTransport: HttpTransport, @unchecked Sendable {
    private let session: URLSession

    public init(configuration: URLSessionConfiguration = .default, pinned: PinnedServer? = nil) {
        configuration.timeoutIntervalForRequest = 120
        configuration.waitsForConnectivity = false
        session = URLSession(
            configuration: configuration,
            delegate: pinned.map { PinningDelegate($0) },
            delegateQueue: nil
        )
    }

    deinit {
        // A session keeps its delegate, and itself, alive until invalidated.
        session.finishTasksAndInvalidate()
    }

    public func post(url: String, headers: [HttpHeader], body: Data) throws -> HttpResponse {
        guard let target = URL(string: url) else {
            throw TransportError.Unreachable(detail: "bad URL \(url)")
        }
        var request = URLRequest(url: target)
        request.httpMethod = "POST"
        for h in headers { request.setValue(h.value, forHTTPHeaderField: h.name) }
        let done = DispatchSemaphore(value: 0)
        var result: Result<HttpResponse, Error> = .failure(TransportError.Unreachable(detail: "no response"))
        session.uploadTask(with: request, from: body) { data, response, error in
            if let error {
                result = .failure(TransportError.Unreachable(detail: error.localizedDescription))
            } else if let http = response as? HTTPURLResponse {
                // The core reads advisory headers (`steppe-head`, for progress) from here.
                let headers = http.allHeaderFields.compactMap { name, value -> HttpHeader? in
                    guard let name = name as? String else { return nil }
                    return HttpHeader(name: name.lowercased(), value: "\(value)")
                }
                result = .success(HttpResponse(status: UInt16(clamping: http.statusCode), body: data ?? Data(),
                                               headers: headers))
            }
            done.signal()
        }.resume()
        done.wait()
        return try result.get()
    }
}

/// The sync server's host and the public keys it may present: the base64 SHA-256 of a DER
/// SubjectPublicKeyInfo, as in an Android `<pin-set>` or HPKP (`openssl x509 -pubkey -noout |
/// openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`). Pin the key in
/// use and a backup key kept offline, so that replacing the server's key does not strand the
/// phones until an update reaches them. After `expiration` the pins are no longer enforced and
/// the system's CAs alone decide, so an app left un-updated keeps syncing.
public struct PinnedServer: Sendable {
    public let host: String
    public let spkiSHA256: Set<String>
    public let expiration: Date?

    public init(host: String, spkiSHA256: [String], expiration: Date? = nil) {
        self.host = host.lowercased()
        self.spkiSHA256 = Set(spkiSHA256)
        self.expiration = expiration
    }
}

/// Answers server-trust challenges: the system's evaluation (chain to a trusted CA, host name,
/// validity) and then a pinned key anywhere in the chain, as Android's pin-set checks it.
final class PinningDelegate: NSObject, URLSessionDelegate, @unchecked Sendable {
    private let pinned: PinnedServer

    init(_ pinned: PinnedServer) {
        self.pinned = pinned
    }

    func urlSession(
        _ session: URLSession,
        didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        let space = challenge.protectionSpace
        guard space.authenticationMethod == NSURLAuthenticationMethodServerTrust else {
            completionHandler(.performDefaultHandling, nil)
            return
        }
        // Any other host would go unpinned: an address typed at enrollment that is not the
        // pinned server fails here rather than silently syncing over an unpinned connection.
        guard space.host.lowercased() == pinned.host, let trust = space.serverTrust,
              SecTrustEvaluateWithError(trust, nil)
        else {
            completionHandler(.cancelAuthenticationChallenge, nil)
            return
        }
        let expired = pinned.expiration.map { Date() >= $0 } ?? false
        let chain = (SecTrustCopyCertificateChain(trust) as? [SecCertificate]) ?? []
        let matches = chain.contains { certificate in
            Self.spkiSHA256(of: certificate).map { self.pinned.spkiSHA256.contains($0) } ?? false
        }
        if expired || matches {
            completionHandler(.useCredential, URLCredential(trust: trust))
        } else {
            completionHandler(.cancelAuthenticationChallenge, nil)
        }
    }

    /// The base64 SHA-256 of the certificate's SubjectPublicKeyInfo. Security hands out only the
    /// bare key (PKCS #1 for RSA, an X9.63 point for EC), so the SPKI's DER is rebuilt around it.
    static func spkiSHA256(of certificate: SecCertificate) -> String? {
        guard let key = SecCertificateCopyKey(certificate),
              let attributes = SecKeyCopyAttributes(key) as? [String: Any],
              let raw = SecKeyCopyExternalRepresentation(key, nil) as Data?
        else { return nil }
        let type = attributes[kSecAttrKeyType as String] as? String
        let bits = attributes[kSecAttrKeySizeInBits as String] as? Int
        let algorithm: [UInt8]
        if type == (kSecAttrKeyTypeRSA as String) {
            // rsaEncryption, NULL parameters
            algorithm = [0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00]
        } else if type == (kSecAttrKeyTypeECSECPrimeRandom as String) {
            // id-ecPublicKey with the named curve
            let ecPublicKey: [UInt8] = [0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]
            let curve: [UInt8]
            switch bits {
            case 256: curve = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]
            case 384: curve = [0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22]
            case 521: curve = [0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x23]
            default: return nil
            }
            algorithm = Array(der(0x30, Data(ecPublicKey + curve)))
        } else {
            return nil
        }
        let spki = der(0x30, Data(algorithm) + der(0x03, Data([0x00]) + raw))
        return Data(SHA256.hash(data: spki)).base64EncodedString()
    }

    /// One DER element: tag, definite length, content.
    private static func der(_ tag: UInt8, _ content: Data) -> Data {
        var out = Data([tag])
        if content.count < 0x80 {
            out.append(UInt8(content.count))
        } else {
            var length: [UInt8] = []
            var n = content.count
            while n > 0 {
                length.insert(UInt8(n & 0xFF), at: 0)
                n >>= 8
            }
            out.append(0x80 | UInt8(length.count))
            out.append(contentsOf: length)
        }
        out.append(content)
        return out
    }
}
