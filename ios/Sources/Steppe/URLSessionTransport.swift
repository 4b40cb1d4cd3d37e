import Foundation
import SteppeFFI

/// The platform's HTTP stack for the Rust core: system certificates, proxies and the radio's
/// power rules. Rust calls it on a background thread and expects it to block.
public final class URLSessionTransport: HttpTransport, @unchecked Sendable {
    private let session: URLSession

    public init(configuration: URLSessionConfiguration = .default) {
        configuration.timeoutIntervalForRequest = 120
        configuration.waitsForConnectivity = false
        session = URLSession(configuration: configuration)
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
                result = .success(HttpResponse(status: UInt16(http.statusCode), body: data ?? Data()))
            }
            done.signal()
        }.resume()
        done.wait()
        return try result.get()
    }
}
