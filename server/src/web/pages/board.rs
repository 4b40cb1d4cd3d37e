//! 公开公示监督平台 — a village's public disclosure board, readable without an account: the
//! notices its branch published and the items of its three lists it marked public, each with
//! whether it is done. Nothing else of the village is shown, and a draft, a notice taken down or
//! an item not marked public never is.

use crate::web::locale::{here, t, tf};
use std::sync::Arc;
use steppe_i18n::Label;

use crate::web::locale::when;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use steppe_domain::Id;
use steppe_domain::affairs_list::ListKind;

use super::public_layout;
use crate::state::AppState;
use crate::web::not_found;

pub async fn page(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let Ok(village) = Id::parse(&id) else {
        return not_found();
    };
    let replica = match state.web.replica(state.storage.as_ref()).await {
        Ok(r) => r.store().clone(),
        Err(r) => return r,
    };
    // Only a village's or a community's board exists: any other unit is answered as unknown.
    let Some(org) = replica
        .org(village)
        .ok()
        .flatten()
        .filter(|o| o.kind.keeps_village_affairs())
    else {
        return not_found();
    };
    let Ok(board) = replica.public_board(village) else {
        return not_found();
    };
    public_layout(
        &tf("web_board_title", &[("org", org.name.as_str().into())]),
        html! {
            h2 { (t("web_board_notices")) }
            @if board.notices.is_empty() { p.muted #no-notices { (t("web_board_no_notices")) } }
            @for n in &board.notices {
                article.notice {
                    h3 { (n.category.label_in(here())) "：" (n.title) }
                    p.muted { (tf("web_board_published", &[("at", when(n.published_at).into())])) }
                    p.text { (n.body) }
                }
            }
            @for kind in ListKind::ALL {
                @let items: Vec<_> = board.items.iter().filter(|i| i.list_kind == *kind).collect();
                @if !items.is_empty() {
                    h2 { (kind.label_in(here())) }
                    table.list {
                        tr { th { (t("web_col_item")) } th { (t("web_col_category")) } th { (t("web_col_progress")) } }
                        @for i in items {
                            tr {
                                td.text { (i.text) }
                                td { (i.side.map(|s| s.label_in(here())).unwrap_or_else(|| "—".into())) }
                                td { @if i.done { (t("web_board_done")) } @else { (t("web_board_in_progress")) } }
                            }
                        }
                    }
                }
            }
        },
    )
    .into_response()
}
