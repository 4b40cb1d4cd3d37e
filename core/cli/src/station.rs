//! `steppe station`: the services red stations (红色驿站) give and their figures.

use crate::lang::tf;
use anyhow::Result;
use clap::Subcommand;
use steppe_core::Steppe;
use steppe_domain::station_service::StationOffer;
use steppe_domain::{Id, clock};

use crate::commands::parse;

#[derive(Debug, Subcommand)]
pub enum StationCmd {
    /// Log a service this store's user gave on duty; prints its id. Offers: phone_charging,
    /// emergency_medicine, printing, health_check, small_repair, mediation,
    /// policy_consultation (or their labels).
    Serve {
        station: Id,
        offer: String,
        #[arg(long, default_value_t = 1)]
        people: i64,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// The red stations of a subtree with their figures for a year.
    Figures {
        #[arg(long)]
        root: Id,
        #[arg(long)]
        year: i32,
    },
}

pub fn station(s: &Steppe, c: StationCmd) -> Result<()> {
    match c {
        StationCmd::Serve {
            station,
            offer,
            people,
            note,
        } => {
            let offer = parse(
                "cli_what_offer",
                &offer,
                steppe_i18n::parse_label::<StationOffer>,
            )?;
            println!("{}", s.log_station_service(station, offer, people, &note)?);
        }
        StationCmd::Figures { root, year } => {
            let (from, to) = clock::year_bounds(year);
            // In the order of the stations' names as people read them (pinyin).
            let mut stations = s.station_figures(root, from, to)?;
            steppe_i18n::sort_by_name(&mut stations, |r| &r.name);
            for r in stations {
                println!(
                    "{}  {}",
                    r.name,
                    tf(
                        "cli_station_figures",
                        &[
                            ("services", r.services.into()),
                            ("people", r.people_served.into()),
                            ("requests", r.requests.into()),
                        ]
                    )
                );
            }
        }
    }
    Ok(())
}
