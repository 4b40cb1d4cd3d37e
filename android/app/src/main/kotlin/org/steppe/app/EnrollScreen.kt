package org.steppe.app

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.launch
import org.steppe.ffi.SteppeException

/** First start: the server address and the one-time code the organisation department issued. */
@Composable
fun EnrollScreen(onEnroll: suspend (url: String, code: String) -> Unit) {
    var url by remember { mutableStateOf("https://") }
    var code by remember { mutableStateOf("") }
    var error by remember { mutableStateOf<String?>(null) }
    val scope = rememberCoroutineScope()
    Column(Modifier.padding(24.dp)) {
        OutlinedTextField(url, { url = it }, label = { Text("服务器地址") })
        OutlinedTextField(code, { code = it }, label = { Text("注册码") })
        Button(onClick = {
            scope.launch {
                error = try {
                    onEnroll(url.trim(), code.trim())
                    null
                } catch (e: SteppeException.Unauthorized) {
                    "注册码无效或已使用"
                } catch (e: SteppeException.Offline) {
                    "无法连接服务器，请在有信号时重试"
                }
            }
        }) { Text("注册本机") }
        error?.let { Text(it) }
    }
}
