//! CSV for the spreadsheets departments report upward in: a UTF-8 byte-order mark so Excel reads
//! the Chinese labels, headers in Chinese.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

pub fn csv(name: &str, header_row: &[&str], rows: Vec<Vec<String>>) -> Response {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let _ = w.write_record(header_row);
        for r in rows {
            let _ = w.write_record(&r);
        }
        let _ = w.flush();
    }
    let mut resp = out.into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}.csv\"")) {
        resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}
