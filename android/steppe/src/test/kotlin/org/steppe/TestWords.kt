package org.steppe

import java.io.File
import javax.xml.parsers.DocumentBuilderFactory
import org.steppe.screens.Words
import org.w3c.dom.Element

/**
 * The app's generated string resources (`android/app/src/main/res`, from the catalogue), read as
 * Android reads them: a locale's own file first, then the default (Chinese) one.
 */
object TestWords {
    private val res = File(System.getProperty("steppe.androidRes") ?: error("-Dsteppe.androidRes is not set"))

    private fun unescape(s: String): String {
        val out = StringBuilder()
        var i = 0
        while (i < s.length) {
            val c = s[i]
            if (c == '\\' && i + 1 < s.length) {
                out.append(if (s[i + 1] == 'n') '\n' else s[i + 1])
                i += 2
            } else if (c == '"') {
                // Unescaped quotes only keep a value's spaces as written; Android drops them.
                i += 1
            } else {
                out.append(c)
                i += 1
            }
        }
        return out.toString()
    }

    private fun load(dir: String): Map<String, String> {
        val file = File(res, "$dir/strings.xml")
        val doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file)
        val nodes = doc.getElementsByTagName("string")
        return (0 until nodes.length).associate { i ->
            val e = nodes.item(i) as Element
            e.getAttribute("name") to unescape(e.textContent)
        }
    }

    private val default = load("values")

    private fun layered(dir: String): Words {
        val own = load(dir)
        return Words { key -> own[key] ?: default[key] }
    }

    val zh: Words = Words { key -> default[key] }
    val mn: Words = layered("values-mn")
    val en: Words = layered("values-en")

    /** The ids a locale's own file holds (not its fallbacks). */
    fun own(dir: String): Set<String> = load(dir).keys
    val defaultIds: Set<String> get() = default.keys
}
