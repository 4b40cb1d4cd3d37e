package org.steppe

import java.util.concurrent.TimeUnit

/**
 * A real `steppe-server` on 127.0.0.1 with the example region, started once for the test run
 * (the binary `steppe-fixture-server`, path in `-Dsteppe.fixtureServer`). It prints URL, ids and
 * one-time enrollment codes, and serves until its stdin closes.
 */
object Fixture {
    private val process: Process
    private val answers: java.io.BufferedReader
    private val values: Map<String, String>
    private val usedCodes = mutableMapOf<String, Int>()

    init {
        val exe = System.getProperty("steppe.fixtureServer")
            ?: error("run with -Dsteppe.fixtureServer=<path to steppe-fixture-server>")
        process = ProcessBuilder(exe).redirectError(ProcessBuilder.Redirect.INHERIT).start()
        val reader = process.inputStream.bufferedReader()
        val map = mutableMapOf<String, String>()
        while (true) {
            val line = reader.readLine() ?: error("the fixture server exited before it was ready")
            if (line == "ready") break
            val (key, value) = line.split("=", limit = 2)
            map[key] = value
        }
        values = map
        answers = reader
        Runtime.getRuntime().addShutdownHook(Thread {
            process.outputStream.close()
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroy()
        })
    }

    val url: String get() = values.getValue("url")

    fun org(name: String): String = values.getValue("org.$name")

    fun person(name: String): String = values.getValue("person.$name")

    /** Revokes a device as an operator would; its next sync is refused. */
    @Synchronized
    fun revokeDevice(deviceId: String) {
        process.outputStream.write("revoke-device $deviceId\n".toByteArray())
        process.outputStream.flush()
        check(answers.readLine() == "ok") { "the fixture server did not revoke $deviceId" }
    }

    /** Imports a phone's bundle file as the operator's CLI would; the server's answer line. */
    @Synchronized
    fun importBundle(path: java.nio.file.Path): String {
        process.outputStream.write("import-bundle $path\n".toByteArray())
        process.outputStream.flush()
        return answers.readLine()
    }

    /** Writes the server's signed file of [org] to [path]; the server's answer line. */
    @Synchronized
    fun exportBundle(org: String, path: java.nio.file.Path): String {
        process.outputStream.write("export-bundle $org $path\n".toByteArray())
        process.outputStream.flush()
        return answers.readLine()
    }

    /** A fresh one-time enrollment code for [user]. */
    @Synchronized
    fun code(user: String): String {
        val next = usedCodes.getOrDefault(user, 0)
        usedCodes[user] = next + 1
        return values["code.$user.$next"] ?: error("the fixture issued no more codes for $user")
    }
}
