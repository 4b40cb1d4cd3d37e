package org.steppe

import java.io.InputStream
import java.io.OutputStream
import org.steppe.ffi.PeerLink
import org.steppe.ffi.TransportException

/**
 * A link to a phone met, over any pair of streams the platform gives: a `BluetoothSocket`, a
 * Wi-Fi Direct or Nearby socket, a plain `java.net.Socket`. The exchange runs in the core.
 */
class StreamPeerLink(private val input: InputStream, private val output: OutputStream) : PeerLink {
    override fun read(max: UInt): ByteArray {
        val buf = ByteArray(minOf(max.toLong(), 64L * 1024).toInt())
        val n = try {
            input.read(buf)
        } catch (e: java.io.IOException) {
            throw TransportException.Unreachable(e.toString())
        }
        return if (n <= 0) ByteArray(0) else buf.copyOf(n)
    }

    override fun write(bytes: ByteArray) {
        try {
            output.write(bytes)
            output.flush()
        } catch (e: java.io.IOException) {
            throw TransportException.Unreachable(e.toString())
        }
    }
}
