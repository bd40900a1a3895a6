//! Tests of `check/volunteers.rs`: the boundaries of the row rules.

use std::sync::Arc;

use super::*;
use crate::config::Config;
use crate::model::rows::SheetCtx;

/// 2023-01-31, the end of January: the reference day of January's checks.
fn reference() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 31).unwrap()
}

/// The codes `check_row` raises for a 美丽家园社区 (井口街道) row with this ID number and address.
fn codes(id: &str, address: &str, config: &Compiled) -> Vec<Code> {
    let ctx = Arc::new(SheetCtx { file: "名单.xlsx".into(), sheet: "社工名单".into(), ..SheetCtx::default() });
    let data = VolunteerFields {
        name: "王明".into(),
        name_raw: "王明".into(),
        id: Some(IdCell::Text(id.into())),
        address: address.into(),
        phone: "13900000001".into(),
        ..Default::default()
    };
    let record = Record { ctx, row: 5, township: "井口街道".into(), village: "美丽家园社区".into(), data };
    check_row(record, config, reference()).issues.iter().map(|i| i.code).collect()
}

/// A valid ID number of someone born on `birth`.
fn id_born(birth: NaiveDate) -> String {
    let first17 = format!("500106{}123", birth.format("%Y%m%d"));
    format!("{first17}{}", idcard::check_char(&first17).unwrap())
}

#[test]
fn eighteen_on_the_reference_day_is_old_enough_a_day_less_is_not() {
    let config = Config::load(None).unwrap().compile();
    let address = "重庆市沙坪坝区井口街道幸福路8号";
    let eighteen = id_born(NaiveDate::from_ymd_opt(2005, 1, 31).unwrap());
    assert!(!codes(&eighteen, address, &config).contains(&Code::V13));
    let a_day_short = id_born(NaiveDate::from_ymd_opt(2005, 2, 1).unwrap());
    assert!(codes(&a_day_short, address, &config).contains(&Code::V13));
}

/// An address is taken as inside the district when it names the district, a configured
/// township or village, or the row's own township or village; otherwise V06.
#[test]
fn an_address_naming_the_rows_township_or_village_alone_is_in_the_district() {
    let config = Config::load(None).unwrap().compile();
    let id = id_born(NaiveDate::from_ymd_opt(1980, 5, 1).unwrap());
    assert!(!codes(&id, "井口街道幸福路8号", &config).contains(&Code::V06));
    assert!(!codes(&id, "美丽家园社区3栋2单元", &config).contains(&Code::V06));
    assert!(codes(&id, "幸福路8号", &config).contains(&Code::V06));
    // Villages listed in the configuration count too, and only those written in the address.
    let mut listed = Config::load(None).unwrap();
    listed.townships.insert("歌乐山街道".into(), vec!["天池村".into(), String::new()]);
    let listed = listed.compile();
    assert!(!codes(&id, "天池村5组", &listed).contains(&Code::V06));
    assert!(codes(&id, "幸福路8号", &listed).contains(&Code::V06));
}
