package org.steppe.app

import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.layout.Column
import androidx.compose.material3.Button
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.steppe.Steppe
import org.steppe.screens.BundleModel

/**
 * 离线数据包: renders [BundleModel]'s state and hands files to and from the system's document
 * picker; what a file holds and whether it is believed is the model's (and the core's) call.
 */
@Composable
fun BundleScreen(steppe: Steppe, nav: Nav) {
    val model = rememberModel("bundles") { BundleModel(steppe, it) }
    val state by model.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    val save = rememberLauncherForActivityResult(ActivityResultContracts.CreateDocument("application/octet-stream")) { uri ->
        val file = state.exported
        if (uri != null && file != null) {
            context.contentResolver.openOutputStream(uri)?.use { it.write(file.bytes) }
        }
        model.handedOver()
    }
    val open = rememberLauncherForActivityResult(ActivityResultContracts.OpenDocument()) { uri ->
        if (uri != null) {
            context.contentResolver.openInputStream(uri)?.use { model.import(it.readBytes()) }
            nav.edited()
        }
    }
    LaunchedEffect(state.exported) { if (state.exported != null) save.launch("steppe.bundle") }
    Column {
        Heading(stringResource(R.string.bundle_title))
        ErrorLine(state.error) { model.dismissError() }
        val until = state.certificateExpiresAtMs
        Text(if (until == null) stringResource(R.string.bundle_no_certificate) else stringResource(R.string.bundle_certificate_until, formatDate(until)))
        Text(stringResource(R.string.bundle_pending, state.pending))
        Button(onClick = { model.export() }, enabled = state.pending > 0) { Text(stringResource(R.string.bundle_export)) }
        Button(onClick = { open.launch(arrayOf("*/*")) }) { Text(stringResource(R.string.bundle_import)) }
        state.importedChanges?.let { Text(stringResource(R.string.bundle_imported, it)) }
    }
}
