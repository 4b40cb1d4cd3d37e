package org.steppe.app

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import org.steppe.Steppe

/** One activity; the screens for the three flows as tabs once the device is enrolled. */
class MainActivity : ComponentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val app = application as SteppeApplication
        setContent {
            MaterialTheme {
                var steppe by remember { mutableStateOf<Steppe?>(null) }
                var checked by remember { mutableStateOf(false) }
                LaunchedEffect(Unit) {
                    steppe = app.steppe()
                    checked = true
                }
                val open = steppe
                when {
                    !checked -> Text("…")
                    open == null -> EnrollScreen(onEnroll = { url, code ->
                        app.enroll(url, code)
                        steppe = app.steppe()
                    })
                    else -> Home(open, onEdited = { SyncWorker.now(this) })
                }
            }
        }
    }
}

private enum class Tab(val label: String) { Cases("调解"), School("党校"), Overview("督导") }

@Composable
private fun Home(steppe: Steppe, onEdited: () -> Unit) {
    var tab by remember { mutableStateOf(Tab.Cases) }
    Scaffold(bottomBar = {
        NavigationBar {
            Tab.entries.forEach { t ->
                NavigationBarItem(selected = t == tab, onClick = { tab = t }, icon = {}, label = { Text(t.label) })
            }
        }
    }) { padding ->
        val modifier = Modifier.padding(padding)
        when (tab) {
            Tab.Cases -> CasesScreen(steppe, onEdited, modifier)
            Tab.School -> SchoolScreen(steppe, onEdited, modifier)
            Tab.Overview -> OverviewScreen(steppe, modifier)
        }
    }
}
