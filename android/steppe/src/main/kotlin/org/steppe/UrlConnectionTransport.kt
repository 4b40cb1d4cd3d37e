package org.steppe

import java.io.IOException
import java.net.HttpURLConnection
import java.net.URL
import org.steppe.ffi.HttpHeader
import org.steppe.ffi.HttpResponse
import org.steppe.ffi.HttpTransport
import org.steppe.ffi.TransportException

/**
 * The platform's own HTTP stack (works on the JVM and on Android, with the system's certificates
 * and proxy settings). Called by the Rust core on a background thread; blocking is expected.
 */
class UrlConnectionTransport(
    private val connectTimeoutMs: Int = 20_000,
    private val readTimeoutMs: Int = 120_000,
) : HttpTransport {
    override fun post(url: String, headers: List<HttpHeader>, body: ByteArray): HttpResponse {
        try {
            val connection = URL(url).openConnection() as HttpURLConnection
            try {
                connection.requestMethod = "POST"
                connection.doOutput = true
                connection.connectTimeout = connectTimeoutMs
                connection.readTimeout = readTimeoutMs
                connection.useCaches = false
                headers.forEach { connection.setRequestProperty(it.name, it.value) }
                connection.setFixedLengthStreamingMode(body.size)
                connection.outputStream.use { it.write(body) }
                val status = connection.responseCode
                val stream = if (status >= 400) connection.errorStream else connection.inputStream
                val bytes = stream?.use { it.readBytes() } ?: ByteArray(0)
                // The status line comes back under a null name: not a header.
                val received = connection.headerFields
                    .filterKeys { it != null }
                    .flatMap { (name, values) -> values.map { HttpHeader(name!!, it) } }
                return HttpResponse(status.toUShort(), bytes, received)
            } finally {
                connection.disconnect()
            }
        } catch (e: IOException) {
            throw TransportException.Unreachable(e.toString())
        }
    }
}
